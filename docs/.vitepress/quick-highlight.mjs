/**
 * A small highlighter for the reference pages' examples. They are over seven thousand short TypeScript blocks of
 * a few shapes (an import, one call, object literals); Shiki's TypeScript grammar takes about 12 ms for each and
 * writes each token's two theme colours inline, which made the site build several minutes long and its pages
 * heavy. Tokens here get a class, and theme/reference.css gives each class the colours Shiki's github themes use.
 */
const TOKEN =
  /(\/\/.*)|('(?:\\.|[^'\\])*')|\b(import|from|const|await|export|async|function|return|if|new|type|as)\b|\b(\d+(?:\.\d+)?|true|false|undefined)\b|([A-Za-z_$][\w$]*)(?=\s*\()|([A-Za-z_$][\w$]*)(?=\s*:)/g;
const CLASSES = ['tk-c', 'tk-s', 'tk-k', 'tk-n', 'tk-f', 'tk-p'];

/** The marker of a reference example (see scripts/docs/endpoint-examples.mjs). */
export const REFERENCE_EXAMPLE = "import { instance } from './client.js';";

const escapeHtml = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The same outer markup as VitePress's Shiki output, so copy buttons, tabs and styles work unchanged. */
export function quickHighlight(code) {
  const lines = code
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => {
      let html = '';
      let last = 0;
      for (const match of line.matchAll(TOKEN)) {
        const group = match.slice(1).findIndex((part) => part !== undefined);
        html += `${escapeHtml(line.slice(last, match.index))}<span class="${CLASSES[group]}">${escapeHtml(match[0])}</span>`;
        last = match.index + match[0].length;
      }
      return `<span class="line">${html}${escapeHtml(line.slice(last))}</span>`;
    });
  return `<pre class="shiki shiki-themes github-light github-dark vp-code" tabindex="0" v-pre><code>${lines.join('\n')}</code></pre>`;
}

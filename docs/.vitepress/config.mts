import { defineConfig } from 'vitepress';
import { tokenize } from './cjk-tokenize.mjs';
import { quickHighlight, REFERENCE_EXAMPLE } from './quick-highlight.mjs';
import { referenceSidebar } from './reference-sidebar.mjs';

const guides = [
  ['Getting started', 'getting-started'],
  ['The chain', 'chain'],
  ['Sync and async', 'sync-and-async'],
  ['Middleware', 'middleware'],
  ['Retries and the backup host', 'retries'],
  ['Tracing and logs', 'tracing'],
  ['Errors', 'errors'],
  ['Signing and verification', 'signing-and-verification'],
  ['The simulator', 'simulator'],
  ['Keys and certificates', 'keys'],
  ['Callbacks', 'callbacks'],
  ['Pay parameters', 'pay-parameters'],
  ['Sensitive fields', 'sensitive-fields'],
  // Written on other branches; the sidebar links them ahead (VitePress checks links in pages, not in the sidebar).
  ['Uploads and downloads', 'uploads-and-downloads'],
  ['Typed endpoints', 'typed-endpoints'],
  ['The command line', 'cli'],
  ['APIv2 (XML)', 'apiv2'],
  ['Bills', 'bills'],
  ['Testing your app', 'testing'],
  ['Bundling', 'bundling'],
] as const;

const migrations = [
  ['From wechatpay-php', 'from-wechatpay-php'],
  ['From wechatpay-axios-plugin', 'from-wechatpay-axios-plugin'],
  ['From wechatpay-node-v3', 'from-wechatpay-node-v3'],
] as const;

export default defineConfig({
  title: 'wechatpay-ts',
  description: 'A chainable TypeScript client for the WeChat Pay (微信支付) API: every endpoint, six call styles.',
  lang: 'en-US',
  // With over a thousand pages, inlining the page map into every HTML file would cost megabytes per page.
  metaChunk: true,
  lastUpdated: false,
  // Vite gzips every chunk to print its size; with two files per page that is minutes of a build for a log line.
  vite: { build: { reportCompressedSize: false } },
  markdown: {
    // Shiki's highlighting was nine tenths of the markdown work. The reference examples get a small highlighter
    // of their own (quick-highlight.mjs); other blocks are remembered, because each page is rendered more than
    // once (client bundle, server bundle, search index) and VitePress's cache holds fewer pages than there are.
    config(md) {
      const highlight = md.options.highlight;
      if (!highlight) return;
      const seen = new Map<string, string>();
      md.options.highlight = (code, lang, attrs) => {
        if (lang === 'ts' && code.startsWith(REFERENCE_EXAMPLE)) return quickHighlight(code);
        const key = `${lang}\u0000${attrs}\u0000${code}`;
        let html = seen.get(key);
        if (html === undefined) seen.set(key, (html = highlight(code, lang, attrs)));
        return html;
      };
    },
  },
  themeConfig: {
    nav: [
      { text: 'Guide', link: '/guide/getting-started' },
      { text: 'API reference', link: '/openapi/' },
      { text: 'Callbacks', link: '/webhooks/' },
    ],
    sidebar: {
      '/guide/': [
        { text: 'Guides', items: guides.map(([text, page]) => ({ text, link: `/guide/${page}` })) },
        { text: 'Moving to wechatpay-ts', items: migrations.map(([text, page]) => ({ text, link: `/guide/${page}` })) },
        {
          text: 'Reference',
          items: [
            { text: 'API reference', link: '/openapi/' },
            { text: 'Callback events', link: '/webhooks/' },
          ],
        },
      ],
      ...referenceSidebar(),
    },
    outline: [2, 3],
    search: {
      provider: 'local',
      options: {
        miniSearch: {
          options: { tokenize },
          searchOptions: { tokenize, combineWith: 'AND', fuzzy: 0.2, prefix: true, boost: { title: 4, text: 2, titles: 1 } },
        },
        // Reference pages are indexed by their names, paths and prose, not their tables and examples: over a
        // thousand pages of field tables would make an index of many megabytes for every reader to download.
        _render(src, env, md) {
          // Generated pages say `reference:` in their front matter; reading it here spares a full render of each.
          if (!/^---\n(?:.*\n)*?reference: /.test(src)) return md.render(src, env);
          let fenced = false;
          const kept = src.split('\n').filter((line) => {
            if (line.startsWith('```')) fenced = !fenced;
            return !fenced && !line.startsWith('```') && !line.startsWith('|') && !line.startsWith(':::');
          });
          return md.render(kept.join('\n'), { ...env });
        },
      },
    },
  },
});

/** The markdown of one endpoint's reference page: each operation's name, method, examples and field tables. */
import { endpointExamples } from './endpoint-examples.mjs';
import { code, fieldTable } from './field-table.mjs';

/** @param {import('./catalog-adapter.mjs').Endpoint} endpoint */
export function endpointPage(endpoint) {
  const titles = [...new Set(endpoint.operations.map((operation) => operation.title))];
  const api = endpoint.protocol === 'v3' ? 'APIv3' : 'APIv2 (XML)';
  const out = [
    '---',
    `title: ${JSON.stringify(titles.join(' · '))}`,
    // Keeps the search index to what people search for: names, paths and methods (see docs/.vitepress/config.mts).
    'reference: endpoint',
    '---',
    '',
    `# ${titles.join(' · ')}`,
    '',
    `${code(endpoint.path)} · ${api} · ${endpoint.operations.map((operation) => code(operation.method)).join(' ')}`,
    '',
    'The examples call the endpoint in the six styles; `instance` is your client from `Builder.factory`',
    '(see [Getting started](/guide/getting-started)). Only required fields are filled in; the tables list them all.',
    'What each field means is in the official documentation linked on each operation.',
    '',
  ];
  for (const operation of endpoint.operations) {
    out.push(`## ${operation.method} ${operation.title}`, '');
    // 26 operations of the catalog have no documentation link; their pages say so instead of linking nowhere.
    const docs = operation.docs ? `[official documentation](${operation.docs})` : 'no official page in the catalog';
    out.push(`${code(`${operation.method} ${endpoint.path}`)} · ${docs}`, '');
    out.push('::: code-group', '');
    for (const example of endpointExamples(endpoint, operation)) out.push(`\`\`\`ts [${example.label}]`, example.code.trimEnd(), '```', '');
    out.push(':::', '');
    out.push(`### Request`, '', requestIntro(endpoint), '', fieldTable(operation.request));
    out.push(`### Response`, '', fieldTable(operation.response));
  }
  return `${out.join('\n').trimEnd()}\n`;
}

function requestIntro(endpoint) {
  return endpoint.protocol === 'v3'
    ? 'The top level is the options of the call: path placeholders by name, then `json`, `query`, `headers` or `body`.'
    : 'The top level is the options of the call: `xml` is the payload (the client adds `nonce_str` and `sign`), `security` means mutual TLS.';
}

/**
 * The six ways to call an operation (asynchronous and synchronous, each as chain, declarative and bracket), as
 * TypeScript modules that compile on their own: each imports the reader's client from `./client.js`, and the
 * docs spec supplies that module when it type-checks every example.
 */
import { chainExpression, quote } from './chain-expression.mjs';
import { indexed, key, objectLiteral, requiredFields, sampleValue } from './sample-values.mjs';

export const CLIENT_IMPORT = "import { instance } from './client.js'; // Builder.factory(…)";

/** The six `{ label, code }` of one operation of `endpoint`. */
export function endpointExamples(endpoint, operation) {
  const options = callOptions(operation);
  const verb = operation.method.toLowerCase();
  const read = operation.response.length === 0 ? 'response.status' : endpoint.protocol === 'v2' ? 'response.xml()' : 'response.json()';
  const styles = [
    ['chain', `instance.${chainExpression(endpoint.chain)}`],
    ['declarative', `instance.chain(${quote(endpoint.path)})`],
    ['bracket', `instance[${quote(endpoint.path)}]`],
  ];
  const examples = [];
  for (const sync of [false, true]) {
    for (const [style, target] of styles) {
      const call = `${target}.${verb}${sync ? '' : 'Async'}(${options})`;
      const code = [CLIENT_IMPORT, '', `const response = ${sync ? '' : 'await '}${call};`, `console.log(${read});`, ''].join('\n');
      examples.push({ label: `${style}, ${sync ? 'sync' : 'async'}`, code });
    }
  }
  return examples;
}

/** The options object of the call, with every required option filled, or '' when the call needs none. */
function callOptions(operation) {
  const lines = [];
  for (const field of operation.placeholders) lines.push(`  ${key(field.name)}: ${sampleValue(field, '  ')},`);
  for (const kind of ['json', 'query', 'headers']) {
    const field = operation[kind];
    if (field && (field.required || field.children.some((child) => child.required))) lines.push(`  ${kind}: ${objectLiteral(field.children, '  ')},`);
  }
  if (operation.xml) lines.push(`  xml: ${xmlLiteral(operation.xml.children)},`);
  if (operation.body)
    lines.push(`  body: ${operation.multipart ? multipart(operation.body.children) : objectLiteral(operation.body.children, '  ')},`);
  if (operation.security) lines.push('  security: true,');
  if (operation.nonceless) lines.push('  nonceless: true,');
  if (operation.baseUri) lines.push('  // baseURL: this endpoint lives on another host; the official page names it');
  // Sensitive fields go out encrypted with the platform key the client prefers, which Wechatpay-Serial then names.
  if (hasEncrypted(operation.request)) lines.push("  encrypt: 'catalog',");
  return lines.length ? `{\n${lines.join('\n')}\n}` : '';
}

function hasEncrypted(fields) {
  return fields.some((field) => field.encrypted === 'by-rsa-pubkey' || hasEncrypted(field.children));
}

/** APIv2 payloads are flat strings and numbers: anything nested goes as a JSON string. */
function xmlLiteral(fields) {
  const required = requiredFields(fields);
  if (required.length === 0) return '{}';
  const value = (field) =>
    field.type === 'object' || field.type === 'object[]'
      ? `JSON.stringify(${sampleValue(field, '    ')})`
      : field.type === 'boolean'
        ? quote('true')
        : /\[\]$/.test(field.type)
          ? `JSON.stringify(${sampleValue(field, '    ')})`
          : sampleValue(field, '    ');
  return `{\n${required.map((field) => `    ${key(indexed(field.name))}: ${value(field)},`).join('\n')}\n  }`;
}

/** A multipart upload: file parts as paths, and a `meta` part built from what the client learnt of the file. */
function multipart(fields) {
  const parts = [];
  for (const field of fields) {
    if (field.name === 'meta') {
      const names = new Set(field.children.map((child) => child.name));
      parts.push(
        names.has('filename') && names.has('sha256') && field.children.every((c) => !c.required || ['filename', 'sha256'].includes(c.name))
          ? '    meta: (file) => ({ filename: file.filename, sha256: file.sha256 }),'
          : `    meta: ${objectLiteral(field.children, '    ')},`,
      );
    } else if (field.type === 'object' && field.children.length === 0) {
      parts.push(`    ${key(field.name)}: '/path/to/picture.jpg',`);
    } else if (field.required) {
      parts.push(
        `    ${key(indexed(field.name))}: ${field.type === 'object' ? `JSON.stringify(${sampleValue(field, '    ')})` : sampleValue(field, '    ')},`,
      );
    }
  }
  return `{\n${parts.join('\n')}\n  }`;
}

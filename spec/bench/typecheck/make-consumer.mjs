#!/usr/bin/env node
/**
 * Writes consumer.ts: a program that calls 50 different catalog endpoints with valid options, in every style, for
 * the type-check benchmark (run.mjs). Chosen evenly across the sorted catalog (45 APIv3, 5 APIv2), so it touches
 * many product modules; the values are placeholders of the right types.
 *
 *   node spec/bench/typecheck/make-consumer.mjs
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadModel } from '../../../scripts/catalog/model.mjs';

export const CONSUMER = fileURLToPath(new URL('consumer.ts', import.meta.url));

/** A literal of the field's type, in `mode` (`xml` values are strings or numbers). */
function value(field, mode) {
  if (field.enum?.length) {
    const numeric = /^(integer|number)/.test(field.type) && mode !== 'xmlResponse';
    const literal = numeric ? field.enum[0] : JSON.stringify(field.enum[0]);
    return field.type.endsWith('[]') ? `[${literal}]` : literal;
  }
  if (field.encoded) return "'{}'";
  switch (field.type) {
    case 'integer':
    case 'number':
      return '1';
    case 'boolean':
      return mode === 'xml' ? "'true'" : 'true';
    case 'true':
      return 'true';
    case 'string[]':
      return "['x']";
    case 'integer[]':
    case 'number[]':
      return '[1]';
    case 'object':
      return mode === 'xml' || mode === 'query' ? "'{}'" : object(field.children ?? [], mode);
    case 'object[]':
      return mode === 'xml' || mode === 'query' ? "'[]'" : `[${object(field.children ?? [], mode)}]`;
    default:
      return "'x'";
  }
}

function object(fields, mode) {
  const required = fields.filter((field) => field.required && !field.indexed && !(mode === 'xml' && field.name === 'sign'));
  return `{ ${required.map((field) => `${/^[A-Za-z_$][\w$]*$/.test(field.name) ? field.name : JSON.stringify(field.name)}: ${value(field, mode)}`).join(', ')} }`;
}

function options(endpoint, operation) {
  const parts = operation.placeholders.map((field) => `${field.name}: 'X1'`);
  if (operation.json?.children?.length) parts.push(`json: ${object(operation.json.children, 'json')}`);
  if (operation.query?.children?.length) parts.push(`query: ${object(operation.query.children, 'query')}`);
  if (operation.xml?.children?.length) parts.push(`xml: ${object(operation.xml.children, 'xml')}`);
  if (operation.multipart && endpoint.protocol === 'v3') {
    const meta = operation.body.children.find((part) => part.name === 'meta');
    const files = operation.body.children.filter((part) => part.name !== 'meta').map((part) => `${part.name}: '/tmp/upload.jpg'`);
    parts.push(`body: { ${[...files, ...(meta ? [`meta: ${object(meta.children ?? [], 'json')}`] : [])].join(', ')} }`);
  }
  if (operation.security) parts.push('security: true');
  if (operation.nonceless) parts.push('nonceless: true');
  return `{ ${parts.join(', ')} }`;
}

export function renderConsumer(model = loadModel()) {
  const pick = (list, count) => Array.from({ length: count }, (_, i) => list[Math.floor((i * list.length) / count)]);
  const chosen = [
    ...pick(
      model.endpoints.filter((e) => e.protocol === 'v3'),
      45,
    ),
    ...pick(
      model.endpoints.filter((e) => e.protocol === 'v2'),
      5,
    ),
  ];
  const styles = ['chain', 'bracket', 'declarative'];
  const lines = [
    '// Written by spec/bench/typecheck/make-consumer.mjs: 50 catalog endpoints called as an application would, the',
    '// input of the type-check benchmark (npm run bench:types). It compiles against the typed and the untyped package.',
    "import { Builder } from 'wechatpay-ts';",
    '',
    "const instance = Builder.factory({ mchid: '1900000001', serial: 'ABC', privateKey: 'file:///tmp/key.pem', certs: {} });",
    '',
    'export async function run(): Promise<unknown[]> {',
    '  const seen: unknown[] = [];',
  ];
  chosen.forEach((endpoint, i) => {
    const operation = endpoint.operations[0];
    let style = styles[i % styles.length];
    if (style === 'chain' && endpoint.chain.some((segment) => segment.properties.length === 0)) style = 'bracket';
    const node =
      style === 'chain'
        ? `instance.${endpoint.chain
            .map((segment) => segment.properties.at(-1))
            .map((p) => (/^[A-Za-z_$][\w$]*$/.test(p) ? p : `[${JSON.stringify(p)}]`))
            .join('.')
            .replace(/\.\[/g, '[')}`
        : style === 'bracket'
          ? `instance[${JSON.stringify(endpoint.path)}]`
          : `instance.chain(${JSON.stringify(endpoint.path)})`;
    lines.push(`  // ${operation.method} ${endpoint.path}`);
    lines.push(`  const r${i} = await ${node}.${operation.verb}Async(${options(endpoint, operation)});`);
    lines.push(`  seen.push(r${i}.status, ${endpoint.protocol === 'v2' ? `r${i}.xml()` : `r${i}.json()`});`);
  });
  lines.push('  return seen;', '}', '');
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(CONSUMER, renderConsumer());
  console.log(`wrote ${CONSUMER}`);
}

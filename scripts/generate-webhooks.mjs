#!/usr/bin/env node
/**
 * Writes lib/simulator/webhook-events.ts from the `webhooks` of the WeChat Pay API catalog, which is not shipped
 * with the package: the simulator needs each APIv3 callback's event type and the fields of its decrypted resource.
 *
 *   node scripts/generate-webhooks.mjs [path/to/wechatpay-api.json] [--check]
 *
 * The catalog defaults to ../shared/catalog/wechatpay-api.json beside the repository. `--check` writes nothing
 * and exits 1 when the committed module differs from what the catalog gives.
 *
 * The catalog is gathered from documentation pages and has a few flaws; each repair below says which entries
 * it is for, and the generated file lists what was repaired or left out, so a fixed catalog shows up as a diff.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const DEFAULT_CATALOG = fileURLToPath(new URL('../../shared/catalog/wechatpay-api.json', import.meta.url));
export const OUTPUT = fileURLToPath(new URL('../lib/simulator/webhook-events.ts', import.meta.url));

const KNOWN_TYPES = new Set(['string', 'integer', 'number', 'boolean', 'object', 'object[]', 'string[]', 'integer[]', 'number[]']);
/** What belongs to the callback envelope itself rather than to the decrypted resource. */
const RESOURCE_MEMBERS = new Set(['original_type', 'algorithm', 'associated_data', 'nonce', 'ciphertext']);

/**
 * The APIv3 callbacks of the catalog, with their decrypted fields, and notes on what was repaired or left out.
 * @param {{ webhooks?: unknown[] }} catalog
 */
export function extractWebhooks(catalog) {
  if (!catalog || !Array.isArray(catalog.webhooks)) throw new Error('the catalog has no `webhooks` array');
  const notes = [];
  const events = [];
  for (const entry of catalog.webhooks) {
    const { event, protocol, title, request = [] } = entry;
    // APIv2 callbacks are XML signed with the APIv2 key (MD5/HMAC-SHA256, or AES-ECB for refunds), not APIv3.
    if (protocol !== 'v3') {
      notes.push(`left out ${event}: an APIv2 (XML) callback, not signed or encrypted the APIv3 way`);
      continue;
    }
    // Pages that moved ("Moved to /webhook/v3/…") keep their old event name and no fields.
    if (request.length === 0) {
      notes.push(`left out ${event}: no fields in the catalog (${title})`);
      continue;
    }
    const body = request.find((part) => part.name === 'body');
    const resource = body?.children?.find((field) => field.name === 'resource');
    const ciphertext = resource?.children?.find((field) => field.name === 'ciphertext' && field.encrypted === 'by-aes-gcm');
    if (!ciphertext) throw new Error(`${event}: no body.resource.ciphertext encrypted by-aes-gcm`);
    let fields = ciphertext.children ?? [];
    if (fields.length === 0) {
      // ECOMMERCE_ENTRUST.*: the decrypted fields hang under resource.original_type; MCHWITHDRAW.CHANGE: under
      // three resource.original_data variants (the first is kept, as with any repeated name).
      const holders = resource.children.filter((field) => field !== ciphertext && field.children?.length);
      if (holders.length > 0) {
        const which = holders.length > 1 ? `the first of ${holders.length} resource.${holders[0].name}` : `resource.${holders[0].name}`;
        notes.push(`${event}: decrypted fields taken from ${which}, where the catalog put them`);
        fields = holders[0].children;
      }
    }
    // RECHARGE.CLOSED: the last decrypted fields ended up beside headers and body.
    const strays = request.filter((part) => !['headers', 'body', '--'].includes(part.name));
    if (strays.length > 0) {
      notes.push(`${event}: ${strays.map((part) => part.name).join(', ')} moved from the top of the request into the decrypted fields`);
      fields = [...fields, ...strays];
    }
    const extras = new Set(resource.children.filter((member) => !RESOURCE_MEMBERS.has(member.name) && !member.children?.length).map((member) => member.name));
    for (const name of extras) notes.push(`${event}: resource.${name} ignored (not an envelope member)`);
    const enumOf = (fieldList, name) => fieldList?.find((field) => field.name === name)?.enum?.[0];
    const out = { event, title };
    const resourceType = enumOf(body.children, 'resource_type');
    const summary = enumOf(body.children, 'summary');
    const originalType = enumOf(resource.children, 'original_type');
    const associatedData = enumOf(resource.children, 'associated_data');
    if (resourceType !== undefined) out.resourceType = resourceType;
    if (summary !== undefined) out.summary = summary;
    if (originalType !== undefined) out.originalType = originalType;
    if (associatedData !== undefined) out.associatedData = associatedData;
    out.fields = normaliseFields(fields, event, '', notes);
    events.push(out);
  }
  events.sort((a, b) => (a.event < b.event ? -1 : a.event > b.event ? 1 : 0));
  for (let i = 1; i < events.length; i++) {
    if (events[i].event === events[i - 1].event) throw new Error(`two APIv3 entries for ${events[i].event}`);
  }
  return { events, notes };
}

function normaliseFields(fields, event, path, notes) {
  const out = [];
  const seen = new Set();
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i];
    const where = `${event} ${path}${field.name}`;
    // RECHARGE.FUND_RETURNED lists `detail` twice (one per recharge channel): JSON keeps one, the first.
    if (seen.has(field.name)) {
      notes.push(`${where}: repeated, the first kept`);
      continue;
    }
    seen.add(field.name);
    let type = field.type;
    if (!KNOWN_TYPES.has(type)) {
      notes.push(`${where}: type ${JSON.stringify(type)} treated as unknown`);
      type = 'unknown';
    }
    let children = field.children ?? [];
    const next = { name: field.name, type };
    // RECHARGE.CLOSED: `qr_recharge_info` (an object without fields) is followed by `employee_type` (a string
    // with a field): a nesting level was lost, so the string and its field belong inside the object.
    const following = fields[i + 1];
    if (type === 'object' && children.length === 0 && following && !following.type?.startsWith('object') && !following.encoded && following.children?.length) {
      notes.push(`${where}: ${following.name} and its fields moved into it (a lost nesting level)`);
      children = [{ ...following, children: undefined }, ...following.children];
      seen.add(following.name);
      i++;
    }
    if (field.required) next.required = true;
    if (field.enum?.length) next.enum = field.enum.map(String);
    if (field.encrypted) next.encrypted = field.encrypted;
    if (field.encoded) next.encoded = field.encoded;
    // Only objects, arrays of objects and JSON-encoded strings have fields of their own.
    if (children.length > 0 && !(type === 'object' || type === 'object[]' || field.encoded === 'by-json_encode')) {
      notes.push(`${where}: fields of a ${type} dropped`);
      children = [];
    }
    if (children.length > 0) next.children = normaliseFields(children, event, `${path}${field.name}.`, notes);
    out.push(next);
  }
  return out;
}

/** The TypeScript module: one event per line, so a catalog change shows as a small diff. */
export function renderModule({ events, notes }) {
  const lines = [
    '// Generated by scripts/generate-webhooks.mjs from the WeChat Pay API catalog: do not edit by hand.',
    '// Regenerate with `node scripts/generate-webhooks.mjs [path/to/wechatpay-api.json]`.',
    '//',
    '// Repaired or left out from the catalog:',
    ...notes.map((note) => `// - ${note}`),
    "import type { WebhookEvent } from './webhook-event.js';",
    '',
    `/** The ${events.length} APIv3 callback event types, with the fields of their decrypted resource. */`,
    'export const WEBHOOK_EVENTS: readonly WebhookEvent[] = [',
    ...events.map((event) => `  ${JSON.stringify(event)},`),
    '];',
    '',
  ];
  return lines.join('\n');
}

/** The module text for a catalog file. */
export function generate(catalogPath = DEFAULT_CATALOG) {
  return renderModule(extractWebhooks(JSON.parse(readFileSync(catalogPath, 'utf8'))));
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const catalogPath = resolve(args.find((arg) => arg !== '--check') ?? DEFAULT_CATALOG);
  const text = generate(catalogPath);
  if (check) {
    let committed = '';
    try {
      committed = readFileSync(OUTPUT, 'utf8');
    } catch {}
    if (committed !== text) {
      console.error(`${OUTPUT} is out of date; run node scripts/generate-webhooks.mjs`);
      process.exit(1);
    }
    console.log(`${OUTPUT} is up to date`);
  } else {
    writeFileSync(OUTPUT, text);
    console.log(`wrote ${OUTPUT}`);
  }
}

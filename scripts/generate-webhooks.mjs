/**
 * The simulator's callbacks: lib/simulator/webhook-events.json, the APIv3 callback events of the catalog model
 * (scripts/catalog/model.mjs) with the fields of their decrypted resource, as data the package ships and
 * lib/simulator/webhook-events.ts imports. Run through scripts/generate.mjs (`npm run generate`).
 *
 * APIv2 callbacks (XML, signed with the APIv2 key) and moved pages without fields are left out; the file's `notes`
 * say so, with the model's repairs of the callbacks it holds.
 */

export const OUTPUT = 'lib/simulator/webhook-events.json';
/** Longer field lines list their enum values one per line. */
const MAX_LINE = 120;

/** @typedef {import('../lib/simulator/webhook-event.js').WebhookEvent} WebhookEvent */
/** @typedef {import('../lib/simulator/webhook-event.js').WebhookField} WebhookField */

/**
 * The simulator's events of a model, and the notes on what was repaired or left out.
 * @param {import('./catalog/model.mjs').Model} model
 * @returns {{ events: WebhookEvent[], notes: string[] }}
 */
export function webhookEvents(model) {
  const events = [];
  const notes = model.notes.filter((note) => note.startsWith('webhook ')).map((note) => note.slice('webhook '.length));
  for (const hook of model.webhooks) {
    if (hook.protocol !== 'v3') {
      notes.push(`left out ${hook.event}: an APIv2 (XML) callback, not signed or encrypted the APIv3 way`);
      continue;
    }
    if (hook.resource.length === 0) continue;
    events.push({ event: hook.event, title: hook.title, ...hook.envelope, fields: hook.resource.map(webhookField) });
  }
  return { events, notes };
}

/** A model field as the simulator reads it: only what it describes, nothing of the TypeScript view. */
function webhookField(field) {
  const out = { name: field.name, type: field.type };
  if (field.required) out.required = true;
  if (field.enum?.length) out.enum = field.enum;
  if (field.encrypted) out.encrypted = field.encrypted;
  if (field.encoded) out.encoded = field.encoded;
  if (field.children?.length) out.children = field.children.map(webhookField);
  return out;
}

/**
 * The JSON text: one field per line, nested fields indented under theirs, so a catalog change is a small diff.
 * @param {{ events: WebhookEvent[], notes: string[] }} data
 */
export function renderJson({ events, notes }) {
  const lines = [
    '{',
    `  "about": ${JSON.stringify(`The ${events.length} APIv3 callbacks the simulator sends. Generated from the catalog (npm run generate): do not edit.`)},`,
    '  "notes": [',
    ...notes.map((note, i) => `    ${JSON.stringify(note)}${i < notes.length - 1 ? ',' : ''}`),
    '  ],',
    '  "events": [',
  ];
  events.forEach((event, i) => {
    const { fields, ...head } = event;
    lines.push('    {');
    for (const [key, value] of Object.entries(head)) lines.push(`      ${JSON.stringify(key)}: ${JSON.stringify(value)},`);
    lines.push('      "fields": [', ...fieldLines(fields, '        '), '      ]', `    }${i < events.length - 1 ? ',' : ''}`);
  });
  lines.push('  ]', '}', '');
  return lines.join('\n');
}

function fieldLines(fields, indent) {
  return fields.flatMap((field, i) => {
    const comma = i < fields.length - 1 ? ',' : '';
    const { children, ...own } = field;
    const text = ownText(own, indent);
    if (!children) return [`${indent}${text}${comma}`];
    return [`${indent}${text.slice(0, -1)},"children":[`, ...fieldLines(children, `${indent}  `), `${indent}]}${comma}`];
  });
}

/** A field without its children; a long list of enum values one value per line. */
function ownText(own, indent) {
  const text = JSON.stringify(own);
  if (!own.enum || indent.length + text.length <= MAX_LINE) return text;
  const values = own.enum.map((value, i) => `${indent}  ${JSON.stringify(value)}${i < own.enum.length - 1 ? ',' : ''}`);
  return text.replace(`"enum":${JSON.stringify(own.enum)}`, () => `"enum":[\n${values.join('\n')}\n${indent}]`);
}

/** @param {import('./catalog/model.mjs').Model} model */
export function files(model) {
  return new Map([[OUTPUT, renderJson(webhookEvents(model))]]);
}

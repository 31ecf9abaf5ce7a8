/**
 * A markdown table of fields: name (children indented under their parent), TypeScript type, required, allowed
 * values and markers. Every cell is inline code or plain words, so nothing in it reads as HTML or as a Vue
 * template.
 */

const MARKERS = {
  'by-rsa-pubkey': 'encrypted with the platform public key (`encrypt` option)',
  'by-aes-gcm': 'AES-256-GCM ciphertext (APIv3 key); the decrypted fields follow',
  'by-aes-ecb': 'AES-256-ECB ciphertext (APIv2 key); the decrypted fields follow',
};

/** @param {import('./catalog-adapter.mjs').Field[]} fields */
export function fieldTable(fields) {
  if (fields.length === 0) return '_No fields._\n';
  const rows = ['| name | type | required | values | notes |', '| --- | --- | :---: | --- | --- |'];
  const walk = (list, depth) => {
    for (const field of list) {
      const indent = depth ? `${'&emsp;'.repeat(depth)}└ ` : '';
      rows.push(`| ${indent}${code(field.name)} | ${code(shownType(field))} | ${field.required ? 'yes' : ''} | ${values(field)} | ${notes(field)} |`);
      walk(field.children, depth + 1);
    }
  };
  walk(fields, 0);
  return `${rows.join('\n')}\n`;
}

/** With allowed values in their own column, the type column names the base type. */
function shownType(field) {
  if (!field.enum?.length) return field.tsType;
  const base = /^(integer|number)/.test(field.type) ? 'number' : 'string';
  return field.type.endsWith('[]') ? `${base}[]` : base;
}

function values(field) {
  return field.enum?.length ? field.enum.map(code).join(' ') : '';
}

function notes(field) {
  const out = [];
  if (field.encrypted) out.push(`🔒 ${MARKERS[field.encrypted] ?? code(field.encrypted)}`);
  if (field.encoded === 'by-json_encode' || field.encoded === 'true') out.push('a JSON string (`JSON.stringify`)');
  if (/\$[nm]/.test(field.name)) out.push('indexed: `_0`, `_1`, …');
  if (field.tsType === 'unknown') out.push(`type ${code(field.type)} in the source`);
  return out.join('; ');
}

/** Inline code that survives a table: pipes escaped, backticks doubled around names that hold one. */
export function code(text) {
  const safe = String(text).replace(/\|/g, '\\|');
  return safe.includes('`') ? `\`\` ${safe} \`\`` : `\`${safe}\``;
}

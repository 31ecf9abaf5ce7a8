import type { Field, Operation } from '../../scripts/catalog/model.mjs';

/**
 * A call's options built from the catalog's required fields, with sample values from each field's type and
 * values: what a careful caller who read only the catalog would send. `mchid` fills the merchant id fields.
 */
export function sampleOptions(path: string, operation: Operation, mchid: string, tag = ''): Record<string, unknown> {
  const v2 = path.startsWith('v2/');
  const options: Record<string, unknown> = {};
  for (const placeholder of operation.placeholders) options[placeholder.name] = `P${placeholder.name.replace(/_/g, '')}`.slice(0, 32);
  const context = { mchid, v2, tag };
  if (operation.json) options.json = sampleObject(operation.json.children ?? [], context);
  if (operation.query) {
    const query = sampleObject(operation.query.children ?? [], context, true);
    options.query = query;
  }
  if (operation.xml) {
    // The client adds nonce_str and sign; sign_type is sent where the page requires it, as the client signs with it.
    const xml = sampleObject(
      (operation.xml.children ?? []).filter((field) => !['sign', 'nonce_str'].includes(field.name)),
      context,
      true,
    );
    if (xml.sign_type !== undefined && xml.sign_type !== 'HMAC-SHA256') xml.sign_type = 'MD5';
    options.xml = xml;
  }
  if (operation.body?.children?.length) {
    const body: Record<string, unknown> = {};
    for (const part of operation.body.children) {
      if (part.name === 'meta') {
        const fields = part.children ?? [];
        body.meta = ({ filename, sha256 }: { filename: string; sha256: string }) => ({ ...sampleObject(fields, context), filename, sha256 });
      } else if (part.type === 'object' && !part.children?.length) {
        body[part.name] = { data: Buffer.from('a sample image'), filename: 'sample.png' };
      }
    }
    options.body = body;
  }
  if (operation.security) options.security = true;
  if (operation.nonceless) options.nonceless = true;
  if (Object.keys(sensitive(operation)).length > 0) options.encrypt = 'catalog';
  return options;
}

function sensitive(operation: Operation): Record<string, true> {
  const found: Record<string, true> = {};
  const walk = (fields: readonly Field[] | undefined, at: string) => {
    for (const field of fields ?? []) {
      if (field.encrypted === 'by-rsa-pubkey' && field.required) found[`${at}${field.name}`] = true;
      walk(field.children, `${at}${field.name}.`);
    }
  };
  walk(operation.json?.children, 'json.');
  walk(operation.query?.children, 'query.');
  return found;
}

interface Context {
  mchid: string;
  v2: boolean;
  /** Makes the merchant's own numbers (`out_trade_no`…) unique to the call. */
  tag: string;
}

function sampleObject(fields: readonly Field[], context: Context, text = false): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    // Of APIv2's 二选一 (`transaction_id` or `out_trade_no`), the first is given.
    const chosen = field.oneOf !== undefined && field.oneOf[0] === field.name;
    if ((!field.required && !chosen) || field.indexed) continue;
    out[field.name] = sampleValue(field, context, text);
  }
  return out;
}

function sampleValue(field: Field, context: Context, text: boolean): unknown {
  const { type } = field;
  if (/^(mchid|mch_id|sp_mchid|combine_mchid|combine_mch_id)$/.test(field.name)) return context.mchid;
  if (field.encoded && field.children?.length) {
    const inner = sampleObject(field.children, context);
    return JSON.stringify(type === 'object[]' ? [inner] : inner);
  }
  if (type === 'object') return text ? JSON.stringify(sampleObject(field.children ?? [], context)) : sampleObject(field.children ?? [], context);
  if (type === 'object[]')
    return text ? JSON.stringify([sampleObject(field.children ?? [], context)]) : [sampleObject(field.children ?? [], context)];
  if (type.endsWith('[]')) {
    const element = sampleValue({ ...field, type: type.slice(0, -2) as Field['type'] }, context, text);
    return text ? String(element) : [element];
  }
  const first = field.enum?.[0];
  if (type === 'integer' || type === 'number') return first !== undefined ? Number(first) : 1;
  if (type === 'boolean') return text ? (first ?? 'true') : first === undefined ? true : first === 'true';
  if (first !== undefined) return first;
  return sampleString(field.name, context);
}

function sampleString(name: string, context: Context): string {
  if (/^(mchid|mch_id|sp_mchid|combine_mchid|combine_mch_id)$/.test(name)) return context.mchid;
  if (name === 'date' || (context.v2 && /_date$/.test(name))) return '20261126';
  if (/_date$/.test(name)) return '2026-11-26';
  if (/_time$|^time_/.test(name)) return '2026-11-26T10:15:00+08:00';
  if (/appid$/.test(name)) return 'wxd678efh567hg6787';
  if (/url$/.test(name)) return 'https://www.example.com/notify';
  if (/_ip$/.test(name)) return '192.0.2.1';
  if (/^(combine_)?out_/.test(name)) return `${name.replace(/_/g, '').slice(0, 16)}${context.tag}`;
  return `S${name.replace(/_/g, '')}`.slice(0, 32);
}

/**
 * What an answer lacks of the catalog's response fields: each required field (and each required field of the objects
 * present) missing, of another type, or outside its listed values, as `path: problem`. `text`: APIv2, values as text.
 */
export function responseProblems(fields: readonly Field[], value: Record<string, unknown>, text = false, prefix = ''): string[] {
  const problems: string[] = [];
  for (const field of fields) {
    if (field.indexed) continue;
    const path = `${prefix}${field.name}`;
    const given = value[field.name];
    if (given === undefined) {
      if (field.required) problems.push(`${path}: missing`);
      continue;
    }
    problems.push(...valueProblems(field, given, text, path));
  }
  return problems;
}

function valueProblems(field: Field, value: unknown, text: boolean, path: string): string[] {
  const { type } = field;
  if (text) return typeof value === 'string' ? [] : [`${path}: not text`];
  if (field.encoded) return typeof value === 'string' ? [] : [`${path}: not a JSON text`];
  if (type === 'object') return isRecord(value) ? responseProblems(field.children ?? [], value, false, `${path}.`) : [`${path}: not an object`];
  if (type.endsWith('[]')) {
    if (!Array.isArray(value)) return [`${path}: not an array`];
    const element = { ...field, type: type.slice(0, -2) as Field['type'] };
    return value.flatMap((item, i) => valueProblems(element, item, false, `${path}[${i}]`));
  }
  const wrong =
    (type === 'string' && typeof value !== 'string') ||
    (type === 'integer' && !Number.isInteger(value)) ||
    (type === 'number' && typeof value !== 'number') ||
    (type === 'boolean' && typeof value !== 'boolean');
  if (wrong) return [`${path}: not ${type}`];
  if (field.enum && !field.enum.includes(String(value))) return [`${path}: ${String(value)} is not one of ${field.enum.join(', ')}`];
  return [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

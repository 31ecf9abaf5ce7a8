import type { FieldSpec } from './catalog.js';
import { isObject } from './validate-request.js';
import { sampleNumber, sampleText } from './sample-values.js';

/** What an answer may echo of its request. */
export interface Echo {
  /** Values by dotted path in the JSON body (`amount.total`); objects too. */
  byPath: Map<string, unknown>;
  /** Top-level values by name: placeholders, query parameters, JSON and APIv2 fields. */
  byName: Map<string, unknown>;
}

/** The echoable values of a request. */
export function echoOf(params: Record<string, string>, query: URLSearchParams, json: unknown, xml?: Record<string, string>): Echo {
  const byPath = new Map<string, unknown>();
  const byName = new Map<string, unknown>();
  const walk = (value: Record<string, unknown>, prefix: string) => {
    for (const [name, child] of Object.entries(value)) {
      byPath.set(`${prefix}${name}`, child);
      if (isObject(child)) walk(child, `${prefix}${name}.`);
    }
  };
  for (const [name, value] of query) byName.set(name, value);
  if (xml) for (const [name, value] of Object.entries(xml)) byName.set(name, value);
  if (isObject(json)) {
    walk(json, '');
    for (const [name, value] of Object.entries(json)) byName.set(name, value);
  }
  for (const [name, value] of Object.entries(params)) byName.set(name, value);
  return { byPath, byName };
}

export interface SynthesisContext {
  echo: Echo;
  /** Makes generated values repeatable: the simulator's seed, the operation and the request's identifiers. */
  seed: string;
  mchid: string;
  /** APIv2 answers hold text only. */
  text: boolean;
  /** Top-level fields the caller fills in itself: left out here. */
  given?: ReadonlySet<string>;
}

/**
 * An answer with every field of `fields` (the catalog keeps the required ones and the echoable ones): a request
 * value of the same name (at the same path, or at the top) when it fits the field's type and values, otherwise a
 * realistic sample (an enum's first value, ids and times shaped by their name).
 */
export function synthesize(fields: readonly FieldSpec[], context: SynthesisContext, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    if (field.name.includes('$') || (prefix === '' && context.given?.has(field.name))) continue;
    const path = `${prefix}${field.name}`;
    const echoed = context.echo.byPath.get(path) ?? (prefix === '' ? context.echo.byName.get(field.name) : undefined);
    if (echoed !== undefined && fits(field, echoed, context.text)) {
      out[field.name] = context.text && typeof echoed !== 'string' ? String(echoed) : echoed;
      continue;
    }
    if (!field.required) continue;
    out[field.name] = sample(field, context, path);
  }
  return out;
}

function sample(field: FieldSpec, context: SynthesisContext, path: string): unknown {
  const { type } = field;
  const seed = `${context.seed}/${path}`;
  if (field.encoded && field.children.length > 0) return JSON.stringify(synthesize(field.children, { ...context, text: false }, `${path}.`));
  if (type === 'object') {
    const value = synthesize(field.children, { ...context, text: false }, `${path}.`);
    return context.text ? JSON.stringify(value) : value;
  }
  if (type === 'object[]') {
    const value = [synthesize(field.children, { ...context, text: false }, `${path}[0].`)];
    return context.text ? JSON.stringify(value) : value;
  }
  if (type.endsWith('[]')) {
    const value = [sample({ ...field, type: type.slice(0, -2) }, { ...context, text: false }, `${path}[0]`)];
    return context.text ? value.join(',') : value;
  }
  const first = field.enum?.[0];
  let value: unknown;
  if (type === 'integer' || type === 'number')
    value = first !== undefined && Number.isFinite(Number(first)) ? Number(first) : sampleNumber(field.name);
  else if (type === 'boolean') value = first === undefined ? true : first === 'true';
  else value = first ?? sampleText(field.name, seed, context.mchid);
  return context.text ? String(value) : value;
}

/** Whether a request value can stand in the answer's field: the same kind of value, one of its values if it lists them. */
function fits(field: FieldSpec, value: unknown, text: boolean): boolean {
  if (field.enum && !field.enum.includes(String(value))) return false;
  if (text) return typeof value === 'string' || typeof value === 'number';
  switch (field.type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    default:
      return false;
  }
}

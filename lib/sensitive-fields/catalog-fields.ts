import { HTTP_METHODS, type HttpMethod } from '../types/http-method.js';
import { ParameterError } from '../errors/parameter-error.js';
// Generated from the WeChat Pay catalog by scripts/generate-encrypted-fields.mjs. An import, not a file read
// relative to this module: a bundler then carries the data into the bundle (and tsc copies it into dist/).
import data from './encrypted-fields.json' with { type: 'json' };

interface Endpoint {
  segments: readonly string[];
  fields: readonly string[];
}

/** Endpoints by method, indexed on first use only: most programs never ask. */
let index: Map<string, Endpoint[]> | undefined;

function load(): Map<string, Endpoint[]> {
  if (index) return index;
  const built = new Map<string, Endpoint[]>();
  for (const [key, fields] of Object.entries(data as Record<string, readonly string[]>)) {
    const [method = '', path = ''] = key.split(' ');
    const list = built.get(method) ?? [];
    list.push({ segments: path.split('/'), fields });
    built.set(method, list);
  }
  index = built;
  return built;
}

/**
 * The request fields WeChat Pay's documentation marks as encrypted with the platform public key
 * (`"encrypted": "by-rsa-pubkey"` in the catalog) for one endpoint, as field paths the `encrypt` option
 * takes: `json.a.b`, `json.list[].c`, `query.d` (and, for the few endpoints that have them, `body.meta.…`
 * in a multipart body or `xml.…` in APIv2, which the encryptor cannot reach).
 *
 * `path` is a chain path: placeholders as `{name}` (any name) or filled in; a leading `/` is ignored.
 * An endpoint the catalog marks nothing for gives `[]`.
 */
export function sensitiveFields(method: HttpMethod, path: string): string[] {
  if (!(HTTP_METHODS as readonly string[]).includes(method)) {
    throw new ParameterError('method', `must be one of ${HTTP_METHODS.join(', ')}`);
  }
  if (typeof path !== 'string') throw new ParameterError('path', 'must be a string');
  const given = path.replace(/^\/+/, '').split('/');
  const fields = new Set<string>();
  for (const endpoint of load().get(method) ?? []) {
    if (fits(endpoint.segments, given)) for (const field of endpoint.fields) fields.add(field);
  }
  return [...fields];
}

const PLACEHOLDER = /^\{[^{}]+\}$/;

/** A catalog placeholder takes any non-empty segment; a placeholder in `given` (any name) fits only a catalog placeholder. */
function fits(catalog: readonly string[], given: readonly string[]): boolean {
  return catalog.length === given.length && catalog.every((want, i) => (PLACEHOLDER.test(want) ? given[i] !== '' : want === given[i]));
}

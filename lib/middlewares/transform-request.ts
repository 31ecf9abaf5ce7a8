import type { KeyObject } from 'node:crypto';
import { Hash } from '../crypto/hash.js';
import { nonce as randomNonce } from '../crypto/nonce.js';
import { ConfigError } from '../errors/config-error.js';
import { ParameterError } from '../errors/parameter-error.js';
import type { Middleware } from '../stack/middleware.js';
import { buildXml } from '../utils/v2-xml.js';
import { copyHeaders } from '../types/request.js';

export interface TransformRequestOptions {
  /** The configured merchant id: a payload's `mch_id`, `mchid` or `combine_mch_id` must be it. */
  mchid: string;
  /** The APIv2 key; without it every APIv2 call fails with a `ConfigError` naming `secret`. */
  secret: KeyObject | undefined;
  /** The `nonce_str` of each call (tests fix it); default 32 random base62 characters. */
  nonce?: () => string;
}

/** The APIv2 signature types; a payload without `sign_type` is signed with MD5. */
export type V2SignType = 'MD5' | 'HMAC-SHA256';

/** The merchant id fields a payload may carry, all checked against the client's `mchid`. */
const MCHID_FIELDS = ['mch_id', 'mchid', 'combine_mch_id'] as const;

const UTF8 = new TextEncoder();

/**
 * The APIv2 request transform (named `transform_request` in the stack): for a `v2/…` call it takes the `xml`
 * payload, adds `nonce_str` (unless `nonceless`), checks the merchant id, signs it (MD5 or HMAC-SHA256, per
 * `sign_type`) and sends it as `<xml>`; a GET call carries the signed payload in its query instead. APIv3
 * calls pass untouched.
 */
export function transformRequest(options: TransformRequestOptions): Middleware {
  const { mchid, secret, nonce = randomNonce } = options;
  return (request, next) => {
    if (request.protocol !== 'v2') return next(request);
    if (!secret) throw new ConfigError('secret', 'is required for APIv2 (v2/…) calls: the 32-byte APIv2 key');
    const { xml, nonceless } = request.options;
    if (xml === undefined) return next(request);
    const payload = v2Payload(xml);
    for (const field of MCHID_FIELDS) {
      if (payload[field] !== undefined && payload[field] !== mchid) {
        throw new ParameterError(`xml.${field}`, `is ${payload[field]}, but this client is configured for mchid ${mchid}`);
      }
    }
    if (!nonceless && payload.nonce_str === undefined) payload.nonce_str = nonce();
    payload.sign = Hash.sign(signTypeOf(payload.sign_type), payload, secret);
    const headers = copyHeaders(request.headers);
    if (!request.options.headers?.Accept && !request.options.headers?.accept) headers.set('Accept', 'text/xml, */*');
    if (request.method === 'GET') {
      const url = new URL(request.url);
      for (const [name, value] of Object.entries(payload)) url.searchParams.append(name, value);
      return next({ ...request, url, headers });
    }
    if (!request.options.headers?.['Content-Type'] && !request.options.headers?.['content-type'])
      headers.set('Content-Type', 'text/xml; charset=utf-8');
    return next({ ...request, headers, body: UTF8.encode(buildXml(payload)) });
  };
}

/** The signature type a payload asks for; anything else than the two WeChat Pay knows is a mistake. */
export function signTypeOf(value: string | undefined): V2SignType {
  if (value === undefined || value === 'MD5') return 'MD5';
  if (value === 'HMAC-SHA256') return 'HMAC-SHA256';
  throw new ParameterError('xml.sign_type', `must be MD5 or HMAC-SHA256, got ${value}`);
}

/** A copy of the payload as strings, `undefined` fields left out; anything but text and numbers is refused. */
function v2Payload(xml: Readonly<Record<string, unknown>>): Record<string, string> {
  const payload: Record<string, string> = {};
  for (const [name, value] of Object.entries(xml)) {
    if (value === undefined) continue;
    if (typeof value === 'number' && Number.isFinite(value)) payload[name] = String(value);
    else if (typeof value === 'string') payload[name] = value;
    else throw new ParameterError(`xml.${name}`, `must be a string or a number, got ${value === null ? 'null' : typeof value}`);
    if (!/^[A-Za-z_][\w.-]*$/.test(name)) throw new ParameterError(`xml.${name}`, 'is not a valid XML element name');
  }
  if ('sign' in payload) throw new ParameterError('xml.sign', 'is computed by the client; leave it out');
  return payload;
}

import type { KeyObject } from 'node:crypto';
import { copyRequest, type WechatpayRequest } from '../types/request.js';
import { requireRsa } from '../crypto/load-key.js';
import { oaepEncrypt } from '../crypto/rsa-oaep.js';
import { ConfigError } from '../errors/config-error.js';
import { ParameterError } from '../errors/parameter-error.js';
import { sensitiveFields } from '../sensitive-fields/catalog-fields.js';
import type { Seal } from '../types/encrypt-option.js';
import { locateFields, parseFieldPath, showLocation, type FieldLocation, type FieldPath, type FieldRoot } from '../sensitive-fields/field-path.js';
import { replaceValues } from '../sensitive-fields/replace-values.js';
import { isPromiseLike } from '../types/maybe-promise.js';
import type { Middleware } from '../stack/middleware.js';
import { jsonText } from '../utils/json-text.js';
import { queryString } from '../utils/query-string.js';

/** A platform public key and its id (a public key id or a platform certificate serial). */
export interface PlatformPublicKey {
  serial: string;
  publicKey: KeyObject;
}

/**
 * The key to encrypt with: a fixed one, or `key()`, asked at each call, for clients whose platform
 * certificates are refreshed (the newest one is preferred).
 */
export type EncryptorOptions = PlatformPublicKey | { key: () => PlatformPublicKey | undefined };

const HEADER = 'Wechatpay-Serial';
const SYNTAX = "such as 'json.name', 'json.items[].id_card_number', 'json.items[0].name' or 'query.card_no'";

/**
 * Serves the `encrypt` call option: encrypts the chosen fields of `json` (or `query`) with one platform public
 * key, RSA-OAEP, sets `Wechatpay-Serial` to that key's id, and serialises the body again, once. It must run
 * before the signer (the default stack has it first). A call without `encrypt` passes untouched; the request
 * it passes on no longer carries `encrypt`, so a transport can tell that the option was served.
 */
export function encryptor(options: EncryptorOptions): Middleware {
  const current = 'key' in options ? options.key : () => options;
  if (!('key' in options)) requireRsa(options.publicKey, 'publicKey');
  return (request, next) => {
    const { encrypt, ...rest } = request.options;
    if (encrypt === undefined) return next(request);
    if (request.protocol === 'v2') throw new ParameterError('encrypt', 'is an APIv3 option; APIv2 (v2/…) calls cannot use it');
    const key = current();
    if (!key) {
      throw new ConfigError(
        'certs',
        'holds no platform public key to encrypt with yet: add one, or make a call first so that platform certificates are downloaded',
      );
    }
    const { serial } = key;
    const seal = sealer(key.publicKey);
    const given = request.headers.get(HEADER);
    if (given !== null && given !== serial) {
      throw new ParameterError(
        `headers.${HEADER}`,
        `is ${given}, but the encrypt option encrypts with the client's preferred key ${serial}; leave the header out`,
      );
    }
    const changed = typeof encrypt === 'function' ? buildBody(request, encrypt, seal) : sealFields(request, encrypt, seal);
    const sealed = copyRequest(request, { ...changed, options: rest });
    sealed.headers.set(HEADER, serial);
    // The function form builds a JSON body where the call had none.
    if (typeof encrypt === 'function' && !sealed.headers.has('Content-Type')) sealed.headers.set('Content-Type', 'application/json');
    return next(sealed);
  };
}

/** Encrypts one value with RSA-OAEP, refusing what cannot be a plaintext of one block. */
function sealer(publicKey: KeyObject): (plaintext: string, field: string) => string {
  const maxBytes = Math.floor((publicKey.asymmetricKeyDetails?.modulusLength ?? 2048) / 8) - 42;
  return (plaintext, field) => {
    if (typeof plaintext !== 'string')
      throw new ParameterError(field, `must be a string to be encrypted, got ${plaintext === null ? 'null' : typeof plaintext}`);
    if (Buffer.byteLength(plaintext, 'utf8') > maxBytes) {
      throw new ParameterError(field, `is longer than the ${maxBytes} bytes of UTF-8 one RSA-OAEP block holds (is it encrypted already?)`);
    }
    return oaepEncrypt(plaintext, publicKey);
  };
}

/**
 * Refuses a request that still asks for encryption when it reaches the transport: the `encryptor` was removed
 * from the stack or placed where it did not run. Sending such a request would put plaintext on the wire.
 */
export function requireEncrypted(request: WechatpayRequest): WechatpayRequest {
  if (request.options.encrypt !== undefined) {
    throw new ConfigError('encrypt', "the call asks to encrypt fields but no 'encryptor' middleware served it; nothing was sent");
  }
  return request;
}

type Changes = { body?: Uint8Array; url?: URL };

/** The function form: it builds the whole JSON body, sealing what it chooses. */
function buildBody(request: WechatpayRequest, build: (seal: Seal) => object, seal: (plaintext: string, field: string) => string): Changes {
  const { json, body } = request.options;
  if (json !== undefined || body !== undefined) {
    throw new ParameterError('encrypt', `a function builds the whole JSON body; give it without ${json !== undefined ? 'json' : 'body'}`);
  }
  if (request.method === 'GET') throw new ParameterError('encrypt', 'a function builds a JSON body, and a GET request carries none');
  const built: unknown = build((plaintext) => seal(plaintext, 'encrypt'));
  if (isPromiseLike(built)) throw new ParameterError('encrypt', 'the function must return the body itself, not a promise');
  if (built === null || typeof built !== 'object')
    throw new ParameterError('encrypt', 'the function must return the JSON body: an object or an array');
  return { body: UTF8.encode(jsonText(built, 'encrypt')) };
}

/** The list and `'catalog'` forms. */
function sealFields(request: WechatpayRequest, encrypt: unknown, seal: (plaintext: string, field: string) => string): Changes {
  const fromCatalog = encrypt === 'catalog';
  const paths = fromCatalog ? catalogPaths(request) : listedPaths(encrypt);
  const roots: Record<FieldRoot, unknown> = { json: request.options.json, query: request.options.query };
  const byRoot: Record<FieldRoot, FieldLocation[]> = { json: [], query: [] };
  const seen = new Map<string, string>();
  for (const path of paths) {
    if (path.root === 'json' && request.options.body !== undefined) {
      throw new ParameterError(path.text, 'names a json field, but the call sends a raw body; give the body as json');
    }
    const found = locateFields(path, roots[path.root]);
    if (found.length === 0 && !fromCatalog) throw new ParameterError(path.text, `reaches no field of the call's ${path.root}`);
    for (const location of found) {
      const where = showLocation(path.root, location.trail);
      const other = seen.get(where);
      // Encrypting a value twice would send a ciphertext of a ciphertext.
      if (other !== undefined) throw new ParameterError(path.text, `reaches ${where}, which ${other} encrypts already`);
      seen.set(where, path.text);
      byRoot[path.root].push(location);
    }
  }
  const sealed = (locations: FieldLocation[]) => locations.map(({ trail, value, path }) => ({ trail, value: seal(value, path.text) }));
  const changes: Changes = {};
  if (byRoot.json.length > 0) changes.body = UTF8.encode(jsonText(replaceValues(roots.json, sealed(byRoot.json)), 'json'));
  if (byRoot.query.length > 0) changes.url = withQuery(request, replaceValues(roots.query, sealed(byRoot.query)));
  return changes;
}

function listedPaths(encrypt: unknown): FieldPath[] {
  if (!Array.isArray(encrypt)) throw new ParameterError('encrypt', "must be 'catalog', a list of field paths or a function that builds the body");
  if (encrypt.length === 0) throw new ParameterError('encrypt', 'lists no field');
  return encrypt.map((text: unknown, i) => {
    const path = typeof text === 'string' ? parseFieldPath(text) : undefined;
    if (!path) throw new ParameterError(`encrypt[${i}]`, `is not a field path ${SYNTAX}`);
    return path;
  });
}

function catalogPaths(request: WechatpayRequest): FieldPath[] {
  const listed = sensitiveFields(request.method, request.template);
  if (listed.length === 0) {
    throw new ParameterError('encrypt', `the catalog marks no field of ${request.method} ${request.template} as encrypted; list the fields yourself`);
  }
  return listed.map((text) => {
    const path = parseFieldPath(text);
    if (!path)
      throw new ParameterError(
        text,
        'is marked encrypted in the catalog but lies outside json and query (a multipart body or an APIv2 payload); encrypt it yourself',
      );
    return path;
  });
}

/** The URL with the call's query string replaced; prepareRequest appended it last. */
function withQuery(request: WechatpayRequest, query: unknown): URL {
  const before = queryString(request.options.query as Parameters<typeof queryString>[0]);
  const after = queryString(query as Parameters<typeof queryString>[0]);
  const url = new URL(request.url);
  if (!url.search.endsWith(before)) {
    throw new ConfigError('encryptor', "the URL no longer ends with the call's query; put the encryptor before middleware that change the URL");
  }
  url.search = url.search.slice(0, url.search.length - before.length) + after;
  return url;
}

const UTF8 = new TextEncoder();

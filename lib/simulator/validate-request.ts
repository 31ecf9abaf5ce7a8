import type { KeyObject } from 'node:crypto';
import { oaepDecrypt } from '../crypto/rsa-oaep.js';
import type { FieldSpec, OperationSpec } from './catalog.js';

/** Why a request is refused: the field (a dotted path), where it was, what is wrong, and the value when it is shown. */
export interface Refusal {
  field: string;
  location: 'body' | 'query' | 'path' | 'header';
  issue: string;
  value?: unknown;
}

/** What validation reads of a request. */
export interface RequestParts {
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body (APIv3), `undefined` when there was none. */
  json: unknown;
  /** The APIv2 payload, all values text. */
  xml: Record<string, string> | undefined;
  /** A multipart upload's `meta`, parsed. */
  meta: unknown;
  /** The `Wechatpay-Serial` request header. */
  serial: string | undefined;
}

/** The platform private keys by serial, which open `by-rsa-pubkey` fields. */
export type PlatformPrivateKeys = ReadonlyMap<string, KeyObject>;

/**
 * Checks a request against the catalog as WeChat Pay does: every required field present (path placeholders, query,
 * JSON body, APIv2 payload, upload `meta`), each value of its type and, where the catalog lists values, one of them;
 * fields marked `by-rsa-pubkey` must be RSA-OAEP ciphertexts the platform key named by `Wechatpay-Serial` opens.
 * Answers the first refusal, or `undefined`.
 */
export function validateRequest(operation: OperationSpec, parts: RequestParts, keys: PlatformPrivateKeys): Refusal | undefined {
  for (const name of operation.placeholders) {
    if (!parts.params[name]) return { field: name, location: 'path', issue: 'is required' };
  }
  const context: Context = { keys, serial: parts.serial, protocol: operation.protocol };
  if (operation.query) {
    const refusal = checkQuery(operation.query, parts.query, context);
    if (refusal) return refusal;
  }
  if (operation.json) {
    const body = parts.json ?? {};
    if (!isObject(body)) return { field: 'body', location: 'body', issue: 'must be a JSON object' };
    const refusal = checkObject(operation.json, body, '', 'body', context);
    if (refusal) return refusal;
  }
  if (operation.xml && parts.xml) {
    const refusal = checkXml(operation.xml, parts.xml, context);
    if (refusal) return refusal;
    const { oneOf } = operation;
    if (oneOf && !oneOf.some((name) => parts.xml?.[name])) {
      return { field: oneOf[0] as string, location: 'body', issue: `is required, or one of ${oneOf.slice(1).join(', ')}` };
    }
  }
  if (operation.meta && isObject(parts.meta)) {
    const refusal = checkObject(operation.meta, parts.meta, 'meta.', 'body', context);
    if (refusal) return refusal;
  }
  return undefined;
}

interface Context {
  keys: PlatformPrivateKeys;
  serial: string | undefined;
  protocol: 'v2' | 'v3';
}

function checkObject(
  fields: readonly FieldSpec[],
  value: Record<string, unknown>,
  prefix: string,
  location: Refusal['location'],
  context: Context,
): Refusal | undefined {
  for (const field of fields) {
    const given = value[field.name];
    const path = `${prefix}${field.name}`;
    if (given === undefined || given === null) {
      if (field.required) return { field: path, location, issue: 'is required' };
      continue;
    }
    const refusal = checkValue(field, given, path, location, context);
    if (refusal) return refusal;
  }
  return undefined;
}

function checkValue(field: FieldSpec, value: unknown, path: string, location: Refusal['location'], context: Context): Refusal | undefined {
  const { type } = field;
  const wrong = (issue: string): Refusal => ({ field: path, location, issue, ...(field.encrypted ? {} : { value }) });
  if (field.encoded && field.children.length > 0) {
    if (typeof value !== 'string') return wrong('must be a JSON text (a string)');
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      return wrong('is not valid JSON');
    }
    if (Array.isArray(parsed)) {
      for (const [i, item] of parsed.entries()) {
        if (!isObject(item)) return wrong('must be a JSON text of objects');
        const refusal = checkObject(field.children, item, `${path}[${i}].`, location, context);
        if (refusal) return refusal;
      }
      return undefined;
    }
    if (!isObject(parsed)) return wrong('must be a JSON text of an object');
    return checkObject(field.children, parsed, `${path}.`, location, context);
  }
  if (type === 'object') {
    if (!isObject(value)) return wrong('must be an object');
    return checkObject(field.children, value, `${path}.`, location, context);
  }
  if (type.endsWith('[]')) {
    if (!Array.isArray(value)) return wrong(`must be an array (${type})`);
    const element = { ...field, type: type.slice(0, -2) };
    for (const [i, item] of value.entries()) {
      const refusal = checkValue(element, item, `${path}[${i}]`, location, context);
      if (refusal) return refusal;
    }
    return undefined;
  }
  if (type === 'string' && typeof value !== 'string') return wrong('must be a string');
  if (type === 'integer' && !Number.isInteger(value)) return wrong('must be an integer');
  if (type === 'number' && !(typeof value === 'number' && Number.isFinite(value))) return wrong('must be a number');
  if (type === 'boolean' && typeof value !== 'boolean') return wrong('must be true or false');
  if (field.enum && (typeof value === 'string' || typeof value === 'number') && !field.enum.includes(String(value))) {
    return wrong(`must be one of ${field.enum.join(', ')}`);
  }
  if (field.encrypted && context.protocol === 'v3') return checkCiphertext(value, path, location, context);
  return undefined;
}

/** A `by-rsa-pubkey` value: base64 that the platform key named by `Wechatpay-Serial` decrypts (RSA-OAEP). */
function checkCiphertext(value: unknown, path: string, location: Refusal['location'], context: Context): Refusal | undefined {
  if (context.serial === undefined) {
    return {
      field: 'Wechatpay-Serial',
      location: 'header',
      issue: `is required: ${path} is encrypted with a platform key, and this header names it`,
    };
  }
  const key = context.keys.get(context.serial);
  if (!key) return { field: 'Wechatpay-Serial', location: 'header', issue: `${context.serial} is not a platform key of this merchant` };
  try {
    oaepDecrypt(String(value), key);
    return undefined;
  } catch {
    return {
      field: path,
      location,
      issue: `is not an RSA-OAEP ciphertext under the platform key ${context.serial} (encrypt it with that public key)`,
    };
  }
}

function checkQuery(fields: readonly FieldSpec[], query: URLSearchParams, context: Context): Refusal | undefined {
  for (const field of fields) {
    const value = query.get(field.name);
    if (value === null) {
      if (field.required) return { field: field.name, location: 'query', issue: 'is required' };
      continue;
    }
    const refusal = checkText(field, value, field.name, 'query', context);
    if (refusal) return refusal;
  }
  return undefined;
}

function checkXml(fields: readonly FieldSpec[], xml: Record<string, string>, context: Context): Refusal | undefined {
  for (const field of fields) {
    // `coupon_type_$n`: indexed names are answers' business, never required of a request.
    if (field.name.includes('$')) continue;
    const value = xml[field.name];
    if (value === undefined || value === '') {
      if (field.required) return { field: field.name, location: 'body', issue: 'is required' };
      continue;
    }
    const refusal = checkText(field, value, field.name, 'body', context);
    if (refusal) return refusal;
  }
  return undefined;
}

/** A value sent as text (a query parameter, an APIv2 element): its type read from the text. */
function checkText(field: FieldSpec, value: string, path: string, location: Refusal['location'], context: Context): Refusal | undefined {
  const wrong = (issue: string): Refusal => ({ field: path, location, issue, ...(field.encrypted ? {} : { value }) });
  if (field.encoded && field.children.length > 0) return checkValue(field, value, path, location, context);
  if (field.type === 'integer' && !/^-?\d+$/.test(value)) return wrong('must be an integer');
  if (field.type === 'number' && !/^-?\d+(\.\d+)?$/.test(value)) return wrong('must be a number');
  if (field.type === 'boolean' && value !== 'true' && value !== 'false') return wrong('must be true or false');
  if (field.enum && !field.type.endsWith('[]') && !field.enum.includes(value)) return wrong(`must be one of ${field.enum.join(', ')}`);
  if (field.encrypted && context.protocol === 'v3') return checkCiphertext(value, path, location, context);
  return undefined;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

import type { Readable } from 'node:stream';

/** A JSON answer; the simulator serialises and signs it. */
export interface JsonReply {
  status: number;
  json: unknown;
}

/**
 * Bytes sent as they are, without `Wechatpay-*` headers: WeChat Pay does not sign file downloads
 * (`v3/billdownload/file`) or the complaint images of `v3/merchant-service/images/{media_id}`.
 */
export interface RawReply {
  status: number;
  raw: { body: Buffer | Readable; contentType: string; length: number | undefined };
}

/**
 * A non-JSON body whose signature covers another message (the overseas statement: its signature covers
 * `{"sha1":"…"}`, not the CSV). `headers` go out beside the signature headers.
 */
export interface SignedOverReply {
  status: number;
  signedOver: { body: Buffer; message: Buffer; contentType: string; headers: Record<string, string> };
}

/** What a route answers. */
export type Reply = JsonReply | RawReply | SignedOverReply;

export function errorReply(status: number, code: string, message: string, detail?: unknown): JsonReply {
  return { status, json: detail === undefined ? { code, message } : { code, message, detail } };
}

/** `400 PARAM_ERROR` naming the field, where it was (`body`, `query`, `meta`…) and what is wrong. */
export function paramError(field: string, location: string, issue: string): JsonReply {
  return errorReply(400, 'PARAM_ERROR', `参数错误: ${field} ${issue}`, { field, location, issue });
}

/** A copy with one byte changed (the first), as a proxy corrupting a file would; empty stays empty. */
export function flipFirstByte(bytes: Buffer): Buffer {
  if (bytes.length === 0) return bytes;
  const copy = Buffer.from(bytes);
  copy[0] = (copy[0] as number) ^ 0x01;
  return copy;
}

/** `400 PARAM_ERROR` for a request the catalog's fields refuse, with the offending value when it can be shown. */
export function refusalReply(refusal: { field: string; location: string; issue: string; value?: unknown }): JsonReply {
  const { field, location, issue } = refusal;
  const detail = 'value' in refusal ? { field, value: refusal.value, issue, location } : { field, issue, location };
  return errorReply(400, 'PARAM_ERROR', `参数错误: ${field} ${issue}`, detail);
}

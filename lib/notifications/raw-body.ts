import { NotificationError } from '../errors/notification-error.js';

export const DEFAULT_MAX_BODY = 1 << 20;

const PARSED_HINT =
  'a callback must be verified over its raw body (a Buffer, Uint8Array, ArrayBuffer or string); it looks parsed, so read it before any JSON body parser (see the callbacks guide)';

/** The exact bytes of a body handed to `verify()`; a parsed object is refused, since its serialisation would not be what was signed. */
export function toBytes(body: unknown): Buffer {
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  throw new NotificationError('body', PARSED_HINT);
}

export function tooLarge(limit: number): NotificationError {
  return new NotificationError('size', `the body is larger than ${limit} bytes`);
}

/** A `Content-Length` above the limit is refused before reading anything. */
export function checkLength(header: string | null | undefined, limit: number): void {
  if (header && /^\d+$/.test(header) && Number(header) > limit) throw tooLarge(limit);
}

/** What a body parser left on a node request (`express.raw()` gives a Buffer, `express.json()` an object). */
export function preparsedBody(req: object): unknown {
  if (!('body' in req) || req.body === undefined) return undefined;
  // A body parser that found no body of its type leaves `{}`; what matters is whether the stream is still there.
  if (typeof req.body === 'string' || req.body instanceof Uint8Array) return req.body;
  if ('readableEnded' in req && req.readableEnded === false) return undefined;
  throw new NotificationError('body', PARSED_HINT);
}

/** Reads a stream of chunks, stopping as soon as it passes the limit. */
export async function readLimited(chunks: AsyncIterable<Uint8Array>, limit: number): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.byteLength;
    if (size > limit) throw tooLarge(limit);
    parts.push(chunk);
  }
  return Buffer.concat(parts);
}

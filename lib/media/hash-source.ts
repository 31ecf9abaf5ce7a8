import { createHash, type Hash } from 'node:crypto';
import { closeSync, createReadStream, createWriteStream, openSync, readSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ParameterError } from '../errors/parameter-error.js';
import type { EntrySource } from './file-entry.js';

/** A part's bytes after hashing: where to stream them from when sending. A spooled stream is a `temporary` file. */
import type { SendSource } from '../types/media-types.js';

export type { SendSource };

export interface Hashed {
  source: SendSource;
  size: number;
  sha256: string;
}

/**
 * Reads a source once to learn its SHA-256 and size, without holding it: paths and Blobs are streamed, and a
 * Node stream (which cannot be read twice) is spooled to a temporary file on the way.
 */
export async function hashSource(source: EntrySource, option: string): Promise<Hashed> {
  if ('bytes' in source) return hashBytes(source.bytes);
  const hash = createHash('sha256');
  let size = 0;
  const tap = async function* (chunks: AsyncIterable<unknown>) {
    for await (const chunk of chunks) {
      // Readable.from(['text']) yields strings; an object-mode stream may yield anything.
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      if (!(bytes instanceof Uint8Array)) throw new ParameterError(option, `the stream gave a ${typeof chunk} chunk, not bytes`);
      hash.update(bytes);
      size += bytes.byteLength;
      yield bytes;
    }
  };
  if ('stream' in source) {
    const folder = await guard(mkdtemp(join(tmpdir(), 'wechatpay-upload-')), option, 'cannot make a temporary copy of the stream');
    const path = join(folder, 'part');
    try {
      await guard(pipeline(source.stream as Readable, tap, createWriteStream(path)), option, 'the stream failed');
    } catch (error) {
      // The caller never learns the path of a copy that failed: it goes here, on every failure.
      await rm(folder, { recursive: true, force: true });
      throw error;
    }
    return { source: { path, temporary: true }, size, sha256: hash.digest('hex') };
  }
  const chunks = 'path' in source ? createReadStream(source.path) : (source.blob.stream() as unknown as AsyncIterable<Uint8Array>);
  await guard(drain(tap(chunks)), option, 'path' in source ? `cannot read ${source.path}` : 'the Blob cannot be read');
  return { source: 'path' in source ? { path: source.path } : source, size, sha256: hash.digest('hex') };
}

/** The same for synchronous calls, which can read only what is already there: paths and bytes. */
export function hashSourceSync(source: EntrySource, option: string): Hashed {
  if ('bytes' in source) return hashBytes(source.bytes);
  if (!('path' in source)) {
    throw new ParameterError(
      option,
      `a synchronous call cannot read a ${'blob' in source ? 'Blob' : 'stream'}; give a path or bytes, or use the Async verb`,
    );
  }
  const hash: Hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(1 << 20);
  let size = 0;
  let fd: number | undefined;
  try {
    fd = openSync(source.path, 'r');
    for (let read = readSync(fd, buffer); read > 0; read = readSync(fd, buffer)) {
      hash.update(buffer.subarray(0, read));
      size += read;
    }
  } catch (error) {
    throw new ParameterError(option, `cannot read ${source.path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return { source: { path: source.path }, size, sha256: hash.digest('hex') };
}

function hashBytes(bytes: Uint8Array): Hashed {
  return { source: { bytes }, size: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') };
}

async function drain(chunks: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of chunks);
}

async function guard<T>(work: Promise<T>, option: string, what: string): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof ParameterError) throw error;
    throw new ParameterError(option, `${what}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

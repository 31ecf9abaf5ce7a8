import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { ParameterError } from '../errors/parameter-error.js';
import { isPlainObject } from '../types/is-plain-object.js';
import type { DownloadOptions, DownloadTarget, ExpectedHash } from '../types/download-types.js';

export type { DownloadTarget };

const DIGEST_LENGTH = { SHA1: 40, SHA256: 64, SM3: 64 } as const;

/** Checks the `download` option before anything is sent. */
export function downloadTarget(value: unknown, method: string, sync: boolean): DownloadTarget {
  if (!isPlainObject(value)) throw new ParameterError('download', 'must be an object such as { to: "./bill.csv" }');
  const options = value as unknown as DownloadOptions;
  if (method !== 'GET') throw new ParameterError('download', `is for GET calls, not ${method}`);
  const target: DownloadTarget = { gunzip: false };
  const { to } = options;
  if (typeof to === 'string' || to instanceof URL) {
    const path = to instanceof URL || to.startsWith('file://') ? filePath(to) : to;
    if (path === '') throw new ParameterError('download.to', 'is an empty path');
    target.path = path;
    target.partial = `${path}.partial`;
  } else if (to instanceof Writable) {
    if (sync) throw new ParameterError('download.to', 'a synchronous call can only write to a path; use getAsync to write to a stream');
    target.stream = to;
  } else {
    throw new ParameterError('download.to', 'must be a file path, a file: URL or a Writable stream');
  }
  if (options.gunzip !== undefined && typeof options.gunzip !== 'boolean') throw new ParameterError('download.gunzip', 'must be true or false');
  target.gunzip = options.gunzip === true;
  if (options.hash !== undefined) target.hash = expectedHash(options.hash);
  if (options.onProgress !== undefined) {
    if (typeof options.onProgress !== 'function') throw new ParameterError('download.onProgress', 'must be a function');
    if (sync) throw new ParameterError('download.onProgress', 'is called as bytes arrive, which a blocked thread cannot do; use getAsync');
    target.onProgress = options.onProgress;
  }
  return target;
}

function filePath(url: string | URL): string {
  try {
    return fileURLToPath(url);
  } catch (error) {
    throw new ParameterError('download.to', `is not a file: URL this system can write to (${(error as NodeJS.ErrnoException).code ?? 'invalid'})`);
  }
}

/** `{ type, value }` as WeChat Pay gives it in `hash_type`/`hash_value`, checked. */
export function expectedHash(value: unknown, option = 'download.hash'): ExpectedHash {
  const { type, value: digest } = (isPlainObject(value) ? value : {}) as Partial<ExpectedHash>;
  if (type !== 'SHA1' && type !== 'SHA256' && type !== 'SM3') throw new ParameterError(`${option}.type`, 'must be SHA1, SHA256 or SM3');
  if (typeof digest !== 'string' || !new RegExp(`^[0-9a-fA-F]{${DIGEST_LENGTH[type]}}$`).test(digest)) {
    throw new ParameterError(`${option}.value`, `must be the ${DIGEST_LENGTH[type]} hex digits of a ${type} digest`);
  }
  return { type, value: digest };
}

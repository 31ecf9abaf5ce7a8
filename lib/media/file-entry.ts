import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { ParameterError } from '../errors/parameter-error.js';
import { isPlainObject } from '../types/is-plain-object.js';
import { contentTypeOf } from './content-type.js';
import type { FileInput } from '../types/media-types.js';

/** Where a part's bytes are, once checked: a path, bytes, a Blob, or a stream (read once). */
export type EntrySource = { path: string } | { bytes: Uint8Array } | { blob: Blob } | { stream: Readable };

/** One file part of an upload, checked but not yet read. */
export interface FileEntry {
  name: string;
  filename: string;
  contentType: string;
  source: EntrySource;
}

/** Checks one file part (`body.<name>`) and names it; nothing is read yet. */
export function fileEntry(name: string, input: FileInput): FileEntry {
  const option = `body.${name}`;
  const part = isFilePart(input) ? input : { data: input };
  const { data } = part;
  let source: EntrySource;
  let inferred: string | undefined;
  if (typeof data === 'string' || data instanceof URL) {
    const path = data instanceof URL || data.startsWith('file://') ? toPath(data, option) : data;
    if (path === '') throw new ParameterError(option, 'is an empty path');
    source = { path };
    inferred = basename(path);
  } else if (data instanceof Uint8Array) {
    source = { bytes: data };
  } else if (data instanceof Blob) {
    source = { blob: data };
    inferred = 'name' in data && typeof data.name === 'string' && data.name !== '' ? data.name : undefined;
  } else if (data instanceof Readable) {
    source = { stream: data };
  } else {
    throw new ParameterError(option, 'must be a path, a file: URL, a Uint8Array, a Blob, a Readable or { data, filename }');
  }
  const filename = part.filename ?? inferred;
  if (typeof filename !== 'string' || filename === '') {
    throw new ParameterError(`${option}.filename`, 'is required for bytes and streams: WeChat Pay checks the extension');
  }
  if (part.contentType !== undefined && (typeof part.contentType !== 'string' || !/^[\w.+-]+\/[\w.+-]+/.test(part.contentType))) {
    throw new ParameterError(`${option}.contentType`, 'must be a MIME type such as image/jpeg');
  }
  return { name, filename, contentType: part.contentType ?? contentTypeOf(filename), source };
}

function isFilePart(input: unknown): input is { data: unknown; filename?: string; contentType?: string } {
  return isPlainObject(input) && 'data' in input;
}

function toPath(url: string | URL, option: string): string {
  try {
    return fileURLToPath(url);
  } catch {
    throw new ParameterError(option, `is not a file: URL: ${String(url)}`);
  }
}

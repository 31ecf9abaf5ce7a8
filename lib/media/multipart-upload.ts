import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { ParameterError } from '../errors/parameter-error.js';
import { isPlainObject } from '../types/is-plain-object.js';
import { jsonText } from '../utils/json-text.js';
import { fileEntry, type FileEntry } from './file-entry.js';
import { hashSource, hashSourceSync, type Hashed } from './hash-source.js';
import type { FileInput, MediaInfo, MetaInput, PreparedPart, RequestUpload } from '../types/media-types.js';

export type { PreparedPart };

/**
 * A multipart upload on its way through the stack (`request.multipart`). `prepare()` reads each file once, for its
 * SHA-256, and builds the `meta` JSON; that JSON becomes `request.body`, so the signer signs exactly it, while
 * the transport streams the files after it.
 */
export class MultipartUpload implements RequestUpload {
  readonly entries: readonly FileEntry[];
  /** The `meta` JSON text, once prepared: what is signed and sent as the `meta` part. */
  meta: string | undefined;
  parts: PreparedPart[] = [];
  readonly #meta: MetaInput | undefined;

  private constructor(entries: FileEntry[], meta: MetaInput | undefined) {
    this.entries = entries;
    this.#meta = meta;
  }

  /** Checks the `body` option of an upload; nothing is read yet. */
  static from(body: unknown): MultipartUpload {
    if (!isPlainObject(body)) throw new ParameterError('body', 'must be a string, a Uint8Array or a multipart object such as { file, meta }');
    const { meta, ...files } = body as Record<string, unknown>;
    if (meta !== undefined && typeof meta !== 'function' && !isPlainObject(meta)) {
      throw new ParameterError('body.meta', 'must be an object, or a function that builds one from the file');
    }
    const entries = Object.entries(files)
      .filter(([, input]) => input !== undefined)
      .map(([name, input]) => fileEntry(name, input as FileInput));
    if (entries.length === 0) throw new ParameterError('body', 'has no file part (e.g. { file: "./photo.jpg" })');
    return new MultipartUpload(entries, meta as MetaInput | undefined);
  }

  /** Reads and hashes the files, builds `meta`; answers the bytes to sign. */
  async prepare(): Promise<Uint8Array> {
    const hashed: Hashed[] = [];
    try {
      for (const entry of this.entries) hashed.push(await hashSource(entry.source, `body.${entry.name}`));
    } catch (error) {
      // Spooled copies of the parts read so far go too.
      this.#settle(hashed);
      this.dispose();
      throw error;
    }
    this.#settle(hashed);
    return this.#finish();
  }

  /** `prepare()` for synchronous calls: paths and bytes only. */
  prepareSync(): Uint8Array {
    const hashed = this.entries.map((entry) => hashSourceSync(entry.source, `body.${entry.name}`));
    this.#settle(hashed);
    return this.#finish();
  }

  /** Removes the temporary copies of spooled streams. */
  dispose(): void {
    for (const part of this.parts) {
      if ('temporary' in part.source && part.source.temporary) rmSync(dirname(part.source.path), { recursive: true, force: true });
    }
  }

  #settle(hashed: Hashed[]): void {
    this.parts = hashed.map((got, i) => {
      const entry = this.entries[i] as FileEntry;
      return { name: entry.name, filename: entry.filename, contentType: entry.contentType, size: got.size, sha256: got.sha256, source: got.source };
    });
  }

  #finish(): Uint8Array {
    const first = this.parts[0] as PreparedPart;
    const info: MediaInfo = { filename: first.filename, contentType: first.contentType, size: first.size, sha256: first.sha256 };
    let meta: unknown;
    try {
      meta =
        this.#meta === undefined
          ? { filename: info.filename, sha256: info.sha256 }
          : typeof this.#meta === 'function'
            ? this.#meta(info)
            : this.#meta;
    } catch (error) {
      this.dispose();
      throw error;
    }
    if (!isPlainObject(meta)) {
      this.dispose();
      throw new ParameterError('body.meta', 'must build a plain object');
    }
    try {
      this.meta = jsonText(meta, 'body.meta');
    } catch (error) {
      this.dispose();
      throw error;
    }
    return new TextEncoder().encode(this.meta);
  }
}

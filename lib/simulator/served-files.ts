import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { createGzip } from 'node:zlib';
import { ParameterError } from '../errors/parameter-error.js';
import { errorReply, paramError, type Reply } from './reply.js';
import type { RouteInput } from './router.js';

/** `GET v3/billdownload/file?token=…`: 下载账单 (the URL a bill apply or `serveFile` hands out). */
export const BILL_DOWNLOAD = 'v3/billdownload/file';

export interface ServeFileOptions {
  /** Send the file gzip-compressed, as bills applied for with `tar_type=GZIP` are; `hash_value` stays the plain content's. */
  gzip?: boolean;
}

/** What WeChat Pay's bill apply answers, and `serveFile` resolves with. */
export interface ServedFile {
  /** Absolute, on the simulator's `baseURL`: `…/v3/billdownload/file?token=…` (`&tartype=gzip` when gzipped). */
  download_url: string;
  hash_type: 'SHA1';
  /** Lowercase hex SHA-1 of the plain (uncompressed) content. */
  hash_value: string;
}

interface Entry {
  /** The bytes, or the path of a file read at each download. */
  content: Buffer | string;
  gzip: boolean;
}

/** How many tokens stay valid: the most recent ones. */
const KEEP_FILES = 1000;

/** The files handed out by token, for `v3/billdownload/file`. */
export class FileStore {
  readonly #entries = new Map<string, Entry>();
  #baseURL = 'http://127.0.0.1/';

  set baseURL(url: string) {
    this.#baseURL = url;
  }

  /** Registers bytes or a file path; a path is hashed by streaming it, never read whole. */
  async serve(content: Uint8Array | string, options: ServeFileOptions = {}): Promise<ServedFile> {
    if (content instanceof Uint8Array) return this.serveBytes(content, options);
    if (typeof content !== 'string' || content === '') {
      throw new ParameterError('content', 'expected the file content as bytes (a Uint8Array) or a file path');
    }
    const hash = createHash('sha1');
    try {
      const info = await stat(content);
      if (!info.isFile()) throw new ParameterError('content', `${content} is not a file`);
      for await (const chunk of createReadStream(content)) hash.update(chunk as Buffer);
    } catch (error) {
      if (error instanceof ParameterError) throw error;
      throw new ParameterError('content', `cannot read ${content}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, { cause: error });
    }
    return this.#register({ content, gzip: options.gzip === true }, hash.digest('hex'));
  }

  /** Registers bytes (copied, so later changes by the caller do not show). */
  serveBytes(content: Uint8Array, options: ServeFileOptions = {}): ServedFile {
    const bytes = Buffer.from(content);
    return this.#register({ content: bytes, gzip: options.gzip === true }, createHash('sha1').update(bytes).digest('hex'));
  }

  #register(entry: Entry, hash: string): ServedFile {
    const token = randomBytes(24).toString('base64url');
    this.#entries.set(token, entry);
    if (this.#entries.size > KEEP_FILES) this.#entries.delete(this.#entries.keys().next().value as string);
    const url = new URL(BILL_DOWNLOAD, this.#baseURL);
    url.searchParams.set('token', token);
    if (entry.gzip) url.searchParams.set('tartype', 'gzip');
    return { download_url: url.href, hash_type: 'SHA1', hash_value: hash };
  }

  /**
   * `GET v3/billdownload/file`: the file, unsigned and streamed; gzip-compressed on the fly when it was served so.
   * `tamper-body` flips the first byte of the content (before compression), so the hash no longer matches.
   */
  async download({ query, faults }: RouteInput): Promise<Reply> {
    const token = query.get('token');
    if (!token) return paramError('token', 'query', 'is required');
    const entry = this.#entries.get(token);
    if (!entry) return errorReply(404, 'RESOURCE_NOT_EXISTS', '文件不存在或已过期: unknown token');
    let length: number;
    let body: Readable;
    if (typeof entry.content === 'string') {
      try {
        length = (await stat(entry.content)).size;
      } catch {
        return errorReply(404, 'RESOURCE_NOT_EXISTS', '文件不存在: the served file is gone');
      }
      body = createReadStream(entry.content);
    } else {
      length = entry.content.length;
      body = Readable.from([entry.content], { objectMode: false });
    }
    if (faults.tamperBody) body = through(body, flipFirst());
    if (entry.gzip) return { status: 200, raw: { body: through(body, createGzip()), contentType: 'application/octet-stream', length: undefined } };
    return { status: 200, raw: { body, contentType: 'text/plain; charset=utf-8', length } };
  }
}

/**
 * `source.pipe(stage)`, with errors passed down and the source closed when the stage closes (an aborted download
 * must not leave the file open).
 */
function through(source: Readable, stage: Transform): Transform {
  source.on('error', (error) => stage.destroy(error));
  stage.on('close', () => source.destroy());
  return source.pipe(stage);
}

/** Passes bytes through, the very first one flipped. */
function flipFirst(): Transform {
  let done = false;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (!done && chunk.length > 0) {
        done = true;
        const copy = Buffer.from(chunk);
        copy[0] = (copy[0] as number) ^ 0x01;
        callback(null, copy);
        return;
      }
      callback(null, chunk);
    },
  });
}

/** `GET v3/merchant-service/images/{media_id}`: 图片请求接口 (complaint images). */
export const COMPLAINT_IMAGE = 'v3/merchant-service/images/{media_id}';

/** How many uploaded images `v3/merchant-service/images/{media_id}` can still give back. */
const KEEP_IMAGES = 100;

/** Images uploaded to `v3/merchant-service/images/upload`, by media id: the most recent 100. */
export class ImageStore {
  readonly #images = new Map<string, { bytes: Buffer; contentType: string }>();

  keep(mediaId: string, bytes: Buffer, contentType: string): void {
    this.#images.set(mediaId, { bytes, contentType });
    if (this.#images.size > KEEP_IMAGES) this.#images.delete(this.#images.keys().next().value as string);
  }

  /** The image bytes, unsigned, with the Content-Type they were uploaded with. */
  image({ params }: RouteInput): Reply {
    const found = this.#images.get(params.media_id ?? '');
    if (!found) return errorReply(404, 'RESOURCE_NOT_EXISTS', '图片不存在: unknown media_id');
    return { status: 200, raw: { body: found.bytes, contentType: found.contentType, length: found.bytes.length } };
  }
}

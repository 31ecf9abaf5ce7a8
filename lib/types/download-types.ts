import type { Writable } from 'node:stream';

/** The digest WeChat Pay gives with a download (`hash_type` and `hash_value` of the apply response). */
export interface ExpectedHash {
  type: 'SHA1' | 'SHA256' | 'SM3';
  value: string;
}

/** How far a download has got. `total` is the `Content-Length` when the server sent one. */
export interface DownloadProgress {
  received: number;
  total: number | undefined;
}

/**
 * The `download` option of a GET: stream the (unsigned) file to `to` instead of buffering it.
 * The digest is computed while streaming, over the plain file, as WeChat Pay computes `hash_value`: a gzip
 * answer is hashed through a gunzip whether or not it is written decompressed.
 */
export interface DownloadOptions {
  /** A file path (or `file:` URL), written to `<path>.partial` and renamed when complete; or a Node stream. */
  to: string | URL | Writable;
  /** Decompress a gzip file (bills requested with `tar_type: 'GZIP'`) while writing. */
  gunzip?: boolean;
  /** Fail with a `DownloadError` (and delete the partial file) when the bytes do not match. */
  hash?: ExpectedHash;
  /** Called as bytes arrive (asynchronous calls only). */
  onProgress?: (progress: DownloadProgress) => void;
}

/** What a download wrote, on `response.download`. */
export interface DownloadResult {
  /** The final path, when `to` was a path. */
  path: string | undefined;
  /** Bytes received from the server. */
  received: number;
  /** Bytes written (after `gunzip`). */
  written: number;
  /** Lowercase hex digest of the plain file, in the algorithm of `hash` (SHA-256 when none was given). */
  digest: string;
}

/** The `download` option, checked: a path (written to `partial` first) or the caller's stream. */
export interface DownloadTarget {
  path?: string;
  partial?: string;
  stream?: Writable;
  gunzip: boolean;
  hash?: ExpectedHash;
  onProgress?: (progress: DownloadProgress) => void;
}

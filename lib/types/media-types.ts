import type { Readable } from 'node:stream';

/** Where a file's bytes come from: a path (or `file:` URL), bytes, a Blob (e.g. `fs.openAsBlob`) or a Node stream. */
export type FileSource = string | URL | Uint8Array | Blob | Readable;

/** A file part spelled out, for sources that carry no name (bytes, streams) or to override the inferred type. */
export interface FilePart {
  data: FileSource;
  /** The name WeChat Pay sees; defaults to the path's base name, or the File's name. */
  filename?: string;
  /** Defaults to the type inferred from `filename` (e.g. `image/jpeg`). */
  contentType?: string;
}

/** A file to upload: a path, a `file:` URL, a `File` (a Blob with a name), or a {@link FilePart}. */
export type FileInput = string | URL | Blob | FilePart;

/** What the client learnt about the (first) file part, for building a `meta` that names it. */
export interface MediaInfo {
  filename: string;
  contentType: string;
  size: number;
  /** Lowercase hex SHA-256 of the bytes. */
  sha256: string;
}

/** The signed `meta` part: an object sent as JSON, or a function that builds it from the file's {@link MediaInfo}. */
export type MetaInput<Meta extends object = Record<string, unknown>> = Meta | ((file: MediaInfo) => Meta);

/**
 * A multipart upload (the `body` option of `v3/merchant/media/upload` and its kind): a `meta` JSON part, which is
 * what gets signed, and file parts by name (usually `file`). Without `meta`, the client sends `{ filename, sha256 }`.
 */
export interface MultipartBody<Meta extends object = Record<string, unknown>> {
  meta?: MetaInput<Meta>;
  [part: string]: FileInput | MetaInput<Meta> | undefined;
}

/** Where a prepared file part's bytes come from when sent: a (possibly spooled) file, bytes or a Blob. */
export type SendSource = { path: string; temporary?: boolean } | { bytes: Uint8Array } | { blob: Blob };

/** A file part ready to send: its bytes hashed, its name and type settled. */
export interface PreparedPart {
  name: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  source: SendSource;
}

/**
 * An upload as the stack and the transports see it (`request.multipart`): `prepare()` reads each file once for its
 * SHA-256 and answers the `meta` JSON to sign; the transport then sends `meta` and the `parts`.
 */
export interface RequestUpload {
  /** The `meta` JSON text, once prepared: what is signed and sent as the `meta` part. */
  readonly meta: string | undefined;
  readonly parts: readonly PreparedPart[];
  prepare(): Promise<Uint8Array>;
  prepareSync(): Uint8Array;
  /** Deletes spooled copies; safe to call more than once. */
  dispose(): void;
}

import { WechatpayError } from './wechatpay-error.js';

/**
 * What went wrong with a downloaded file; the `code` is `ERR_DOWNLOAD_` and this in capitals.
 *
 * - `hash`: the bytes do not match the digest WeChat Pay gave (`hash_value`, or `Wechatpay-Statement-Sha1`).
 * - `not_gzip`: `gunzip` was asked for, but the file is not gzip.
 * - `corrupt`: the gzip stream is broken.
 * - `write`: the destination could not be written.
 * - `source`: the download source (an apply response or URL) is not usable.
 */
export type DownloadProblem = 'hash' | 'not_gzip' | 'corrupt' | 'write' | 'source';

/**
 * A download did not produce a file you can trust. A file path destination is left untouched: the bytes went to
 * `<path>.partial`, which is deleted. Bills hold customer data, so the message never quotes the file.
 */
export class DownloadError extends WechatpayError {
  override name = 'DownloadError';
  readonly reason: DownloadProblem;
  /** The digest expected and the one computed, for `hash`. */
  readonly expected: string | undefined;
  readonly actual: string | undefined;

  constructor(reason: DownloadProblem, message: string, options?: { cause?: unknown; expected?: string; actual?: string }) {
    super(message, `ERR_DOWNLOAD_${reason.toUpperCase()}`, options);
    this.reason = reason;
    this.expected = options?.expected;
    this.actual = options?.actual;
  }

  /** @deprecated Use {@link DownloadError.reason}, the same value under the name every error class uses. */
  get problem(): DownloadProblem {
    return this.reason;
  }

  /** Adds the two digests of a `hash` failure (digests of a file, not secrets). */
  override toJSON() {
    return {
      ...super.toJSON(),
      ...(this.expected !== undefined && { expected: this.expected }),
      ...(this.actual !== undefined && { actual: this.actual }),
    };
  }
}

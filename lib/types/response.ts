import { VerificationError } from '../errors/verification-error.js';
import { parseXml, XmlRefused } from '../utils/v2-xml.js';
import type { DownloadResult } from './download-types.js';

/**
 * A WeChat Pay answer, the same object in synchronous and asynchronous calls.
 * `text()` and `json()` return their values directly, so `await res.json()` works too.
 *
 * `Json` and `Xml` only type what `json()` and `xml()` return: a typed endpoint sets them from the WeChat Pay API
 * catalog. Nothing checks the body against them at run time.
 */
export class WechatpayResponse<Json = unknown, Xml = Record<string, string>> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Uint8Array;
  /** Set when the call had a `download` option and the file was written (the body is then empty). */
  readonly download: DownloadResult | undefined;

  constructor(status: number, headers: Headers, body: Uint8Array, download?: DownloadResult) {
    this.status = status;
    this.headers = headers;
    this.body = body;
    this.download = download;
  }

  /** True for a 2xx status. */
  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  /** The body decoded as UTF-8. */
  text(): string {
    return Buffer.from(this.body.buffer, this.body.byteOffset, this.body.byteLength).toString('utf8');
  }

  /**
   * An APIv2 answer parsed from `<xml>` (safely: no DOCTYPE, size-limited), as a flat record of strings. A body
   * that is not such a document is a `VerificationError` (`xml`).
   */
  xml<T = Xml>(): T {
    try {
      return parseXml(this.body) as T;
    } catch (error) {
      if (error instanceof XmlRefused)
        throw new VerificationError('xml', `the answer is not an APIv2 <xml> document: ${error.message}`, this.#context());
      throw error;
    }
  }

  /** The body parsed as JSON (an empty body gives `undefined`); a body that is not JSON is a `VerificationError` (`json`). */
  json<T = Json>(): T {
    const text = this.text();
    if (text === '') return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      // The position only: the body is not quoted (it may hold customer data).
      const at = error instanceof SyntaxError ? (/ at position \d+/.exec(error.message)?.[0] ?? '') : '';
      throw new VerificationError(
        'json',
        `the answer's body is not JSON (${this.body.byteLength} bytes, ${this.headers.get('Content-Type') ?? 'no Content-Type'})${at ? `: a syntax error${at}` : ''}`,
        this.#context(),
      );
    }
  }

  #context(): { status: number; requestId: string | undefined } {
    return { status: this.status, requestId: this.headers.get('Request-ID') ?? undefined };
  }
}

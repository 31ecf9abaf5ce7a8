import type { DownloadResult } from './download-types.js';
import { parseXml } from '../utils/v2-xml.js';

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

  /** An APIv2 answer parsed from `<xml>` (safely: no DOCTYPE, size-limited), as a flat record of strings. */
  xml<T = Xml>(): T {
    return parseXml(this.body) as T;
  }

  /** The body parsed as JSON (an empty body gives `undefined`). */
  json<T = Json>(): T {
    const text = this.text();
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }
}

import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import type { WechatpayRequest } from '../types/request.js';
import type { WechatpayResponse } from '../types/response.js';
import { VerificationError } from '../errors/verification-error.js';

/** The chain path of a request, as the statement rules compare it: no leading slash, lower case. */
function pathOf(request: WechatpayRequest): string {
  return request.template.replace(/^\/+/, '').toLowerCase();
}

/**
 * Answers WeChat Pay sends unsigned, exactly the list wechatpay-php keeps: the bill file (`v3/billdownload/file`, where
 * bill `download_url`s point) and complaint images (`v3/merchant-service/images/{media_id}`), but
 * not the image upload next to them, which is signed like any JSON answer.
 *
 * Judged by the path the request was sent to, relative to `base` (the baseURL it was resolved against; without it,
 * the host's root), never by the template: a template can look like an image download and still resolve elsewhere,
 * whose answer must be verified.
 */
export function isUnsignedFile(request: WechatpayRequest, base: URL = new URL('/', request.url)): boolean {
  const path = sentPath(request.url, base);
  if (path === undefined) return false;
  if (path === 'v3/billdownload/file') return true;
  const image = /^v3\/merchant-service\/images\/([^/]+)$/.exec(path)?.[1];
  return image !== undefined && image !== 'upload' && !hasDotSegment(image);
}

/** The URL's path below `base`, lower case, or `undefined` when the URL is not under it (a middleware moved it). */
function sentPath(url: URL, base: URL): string | undefined {
  if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) return undefined;
  return url.pathname.slice(base.pathname.length).toLowerCase();
}

/** An id that a server decoding `%2F` and `%2E` could read as a path climbing out (`..%2F..%2Fpay`). */
function hasDotSegment(segment: string): boolean {
  const decoded = segment.replace(/%2e/gi, '.').replace(/%2f/gi, '/').replace(/%5c/gi, '/');
  return decoded.split('/').some((part) => part === '.' || part === '..');
}

/** The header in which the overseas statement endpoints name the SHA-1 of the file. */
export const STATEMENT_SHA1 = 'Wechatpay-Statement-Sha1';

/**
 * The overseas statement endpoints (`v3/global/statements`, and `v3/statements` under the `…/hk/` base) sign the
 * JSON text `{"sha1":"<Wechatpay-Statement-Sha1>"}` instead of the file: this is that text, or `undefined` for
 * every other answer.
 */
export function statementDigest(request: WechatpayRequest, response: WechatpayResponse): Uint8Array | undefined {
  const path = pathOf(request);
  const sha1 = response.headers.get(STATEMENT_SHA1);
  if (sha1 === null || (path !== 'v3/global/statements' && path !== 'v3/statements')) return undefined;
  return new TextEncoder().encode(`{"sha1":"${sha1}"}`);
}

/**
 * A statement read whole must be the file the signed header names: its SHA-1 (of the plain CSV, gunzipped when
 * the answer is gzip) must equal `Wechatpay-Statement-Sha1`. A streamed download is checked while it is written.
 */
export function checkStatementFile(response: WechatpayResponse): void {
  if (response.download) return;
  const expected = (response.headers.get(STATEMENT_SHA1) ?? '').toLowerCase();
  const { body } = response;
  const context = { status: response.status, requestId: response.headers.get('Request-ID') ?? undefined };
  let plain: Uint8Array = body;
  try {
    if (body[0] === 0x1f && body[1] === 0x8b) plain = gunzipSync(body);
  } catch (error) {
    throw new VerificationError(
      'digest',
      `the statement is gzip, but broken (${(error as NodeJS.ErrnoException).code ?? 'error'}), so it cannot be the file ${STATEMENT_SHA1} names`,
      context,
    );
  }
  const actual = createHash('sha1').update(plain).digest('hex');
  if (actual !== expected) {
    throw new VerificationError('digest', `the statement's SHA-1 is ${actual}, but the signed ${STATEMENT_SHA1} is ${expected}`, context);
  }
}

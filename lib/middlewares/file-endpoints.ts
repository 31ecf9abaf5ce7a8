import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import type { WechatpayRequest } from '../client/wechatpay-request.js';
import type { WechatpayResponse } from '../client/response.js';
import { VerificationError } from '../errors/verification-error.js';

/** The chain path of a request, as the rules below compare it: no leading slash, lower case. */
function pathOf(request: WechatpayRequest): string {
  return request.template.replace(/^\/+/, '').toLowerCase();
}

/**
 * Answers WeChat Pay sends unsigned, exactly the list wechatpay-php keeps: the bill file (`v3/billdownload/file`, where
 * bill `download_url`s point) and complaint images (`v3/merchant-service/images/{media_id}`), but
 * not the image upload next to them, which is signed like any JSON answer.
 */
export function isUnsignedFile(request: WechatpayRequest): boolean {
  const path = pathOf(request);
  return path === 'v3/billdownload/file' || (path.startsWith('v3/merchant-service/images/') && path !== 'v3/merchant-service/images/upload');
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
    throw new VerificationError('digest', `the statement is gzip, but broken (${(error as NodeJS.ErrnoException).code ?? 'error'}), so it cannot be the file ${STATEMENT_SHA1} names`, context);
  }
  const actual = createHash('sha1').update(plain).digest('hex');
  if (actual !== expected) {
    throw new VerificationError('digest', `the statement's SHA-1 is ${actual}, but the signed ${STATEMENT_SHA1} is ${expected}`, context);
  }
}

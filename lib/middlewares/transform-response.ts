import type { KeyObject } from 'node:crypto';
import type { WechatpayRequest } from '../types/request.js';
import type { WechatpayResponse } from '../types/response.js';
import { verifyV2Sign } from '../crypto/verify-v2-sign.js';
import { ApiError } from '../errors/api-error.js';
import { VerificationError } from '../errors/verification-error.js';
import { andThen } from '../types/maybe-promise.js';
import type { Middleware } from '../stack/middleware.js';
import { parseXml, XmlRefused, type V2Payload } from '../utils/v2-xml.js';
import { signTypeOf } from './transform-request.js';

/**
 * APIv2 endpoints (paths without `v2/`) whose answers carry no `sign`: red packets, transfers, bank payments,
 * risk control, bills, reporting. Every other APIv2 answer must be signed.
 */
export const UNSIGNED_V2_ENDPOINTS: ReadonlySet<string> = new Set([
  'mmpaymkttransfers/sendredpack',
  'mmpaymkttransfers/sendgroupredpack',
  'mmpaymkttransfers/sendminiprogramhb',
  'mmpaymkttransfers/gethbinfo',
  'mmpaymkttransfers/promotion/transfers',
  'mmpaymkttransfers/gettransferinfo',
  'mmpaysptrans/pay_bank',
  'mmpaysptrans/query_bank',
  'risk/getpublickey',
  'risk/getviolation',
  'fraudrisk/getpublickey',
  'pay/downloadbill',
  'pay/downloadfundflow',
  'pay/batchquerycomment',
  'payitil/report',
  'billcommentsp/batchquerycomment',
]);

/** Bill downloads: CSV (or gzip with `tar_type=GZIP`) when there is data, an `<xml>` error otherwise. */
export const V2_BILL_ENDPOINTS: ReadonlySet<string> = new Set([
  'pay/downloadbill',
  'pay/downloadfundflow',
  'pay/batchquerycomment',
  'billcommentsp/batchquerycomment',
]);

export interface TransformResponseOptions {
  /** The APIv2 key the answers are signed with. */
  secret: KeyObject | undefined;
  /** Endpoints answering without `sign`; default `UNSIGNED_V2_ENDPOINTS`. */
  unsigned?: ReadonlySet<string>;
}

/**
 * The APIv2 response transform (named `transform_response` in the stack): for a `v2/…` call it parses the
 * `<xml>` answer safely, fails with an `ApiError` when `return_code` or `result_code` is not `SUCCESS`, and checks
 * the answer's `sign` (constant-time) unless the endpoint answers unsigned. A bill's CSV or gzip passes as it is.
 * APIv3 calls pass untouched.
 */
export function transformResponse(options: TransformResponseOptions): Middleware {
  const { secret, unsigned = UNSIGNED_V2_ENDPOINTS } = options;
  return (request, next) => {
    if (request.protocol !== 'v2') return next(request);
    return andThen(next(request), (response) => checkV2Response(request, response, secret, unsigned));
  };
}

/** The endpoint of a `v2/…` call as the lists name it: `pay/micropay`. */
export function v2Endpoint(template: string): string {
  return template.replace(/^\/*v2\//, '').replace(/\?.*$/, '');
}

function checkV2Response(
  request: WechatpayRequest,
  response: WechatpayResponse,
  secret: KeyObject | undefined,
  unsigned: ReadonlySet<string>,
): WechatpayResponse {
  const endpoint = v2Endpoint(request.template);
  const context = { status: response.status, requestId: response.headers.get('Request-ID') ?? undefined };
  if (V2_BILL_ENDPOINTS.has(endpoint) && response.ok && !looksLikeXml(response.body)) return response;
  let payload: V2Payload;
  try {
    payload = parseXml(response.body);
  } catch (error) {
    if (!response.ok) throw new ApiError(response, undefined, { verified: false });
    if (error instanceof XmlRefused) throw new VerificationError('xml', `the APIv2 answer was refused: ${error.message}`, context);
    throw error;
  }
  // A return_code FAIL is a communication failure, which WeChat Pay answers unsigned.
  if (payload.return_code !== 'SUCCESS' || !response.ok) throw new ApiError(response, payload, { verified: false });
  if (!unsigned.has(endpoint)) {
    if (!secret) throw new VerificationError('signature', 'no APIv2 secret to verify the answer with', context);
    // The type the request asked for, never one the answer names (which could downgrade the check).
    const type = signTypeOf(request.options.xml?.sign_type === undefined ? undefined : String(request.options.xml.sign_type));
    verifyV2Sign(payload, secret, type, `APIv2 answer of ${endpoint}`, context);
  }
  if (payload.result_code !== undefined && payload.result_code !== 'SUCCESS')
    throw new ApiError(response, payload, { verified: !unsigned.has(endpoint) });
  return response;
}

/** Whether a body starts (after blanks and a BOM) with `<`: an XML answer, not CSV or gzip. */
function looksLikeXml(body: Uint8Array): boolean {
  for (const byte of body) {
    if (byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09 || byte === 0xef || byte === 0xbb || byte === 0xbf) continue;
    return byte === 0x3c;
  }
  return false;
}

import type { WechatpayResponse } from '../types/response.js';
import { redactUrls } from './redact.js';
import { WechatpayError, type WechatpayErrorJSON } from './wechatpay-error.js';

/** How much of an error answer's body `toJSON()` keeps, in bytes of UTF-8. */
export const LOGGED_BODY_BYTES = 2048;

/** What an error answer's body claims when its signature is missing or does not verify: anyone on the way could have written it. */
export interface UnverifiedClaim {
  readonly code?: string;
  readonly message?: string;
  readonly detail?: unknown;
}

/** How an `ApiError` came to be: whether WeChat Pay's signature on the answer checked out, and if not, why. */
export interface ApiErrorOptions {
  /** Default `false`: an answer is only WeChat Pay's word once its signature is verified. */
  verified?: boolean;
  /** Why it is not verified (a `VerificationError`), or what failed on the way. */
  cause?: unknown;
}

/**
 * WeChat Pay answered with a status outside 2xx. When the answer's signature checked out (`verified: true`), `code`
 * is WeChat Pay's own (`SIGN_ERROR`, `PARAM_ERROR`…) and `detail` its details (for `SIGN_ERROR`,
 * `detail.sign_information` shows what the server signed). An APIv3 answer that is unsigned or whose signature
 * does not verify has `verified: false` and `code` `HTTP_<status>`; what its body claims is in `unverified`.
 * URL query values in `detail` are shown as `…`; the answer as it came is `response`.
 */
export class ApiError extends WechatpayError {
  override name = 'ApiError';
  readonly status: number;
  readonly detail: unknown;
  readonly requestId: string | undefined;
  readonly response: WechatpayResponse;
  /** APIv2: `err_code` of a `result_code` FAIL answer (`ORDERPAID`, `USERPAYING`…). */
  readonly errCode: string | undefined;
  /** APIv2: `err_code_des`, its description. */
  readonly errCodeDes: string | undefined;
  /** APIv2: the whole parsed `<xml>` answer. */
  readonly payload: Readonly<Record<string, string>> | undefined;
  /** Whether WeChat Pay's signature on this answer checked out. */
  readonly verified: boolean;
  /**
   * APIv3, `verified: false`: the `code`, `message` and `detail` the body claims, unproven (a proxy, a gateway or an
   * attacker may have written them). `undefined` when verified or when the body claims nothing.
   */
  readonly unverified: UnverifiedClaim | undefined;

  /**
   * `v2` is the parsed APIv2 answer whose `return_code` or `result_code` is not `SUCCESS` (its codes are kept even
   * unverified: WeChat Pay sends `return_code` FAIL unsigned).
   */
  constructor(response: WechatpayResponse, v2?: Readonly<Record<string, string>>, options: ApiErrorOptions = {}) {
    const verified = options.verified === true;
    const parsed: Record<string, unknown> = v2 ? v2Summary(v2) : parsePayload(response);
    // An unverified APIv3 body is kept apart, under a name that says so, never as the error's code.
    const trusted = v2 !== undefined || verified;
    const payload = trusted ? parsed : {};
    const claim = trusted ? undefined : claimOf(parsed);
    const code = typeof payload.code === 'string' ? payload.code : `HTTP_${response.status}`;
    const text = typeof payload.message === 'string' ? payload.message : `HTTP status ${response.status}${trusted ? '' : unverifiedNote(claim)}`;
    const requestId = response.headers.get('Request-ID') ?? undefined;
    super(
      `${code}: ${text}${requestId ? ` (Request-ID ${requestId})` : ''}`,
      code,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.status = response.status;
    // Query values of the URLs WeChat Pay echoes (sign_information.url) are redacted, as everywhere in errors.
    this.detail = redactDeep(payload.detail);
    this.requestId = requestId;
    this.verified = verified;
    this.unverified = claim;
    this.response = response;
    this.errCode = v2?.err_code;
    this.errCodeDes = v2?.err_code_des;
    this.payload = v2;
    // Out of spreads and of loggers that copy enumerable fields: the answer's bytes and headers (its
    // Wechatpay-Signature) and the APIv2 `sign` stay on the error, but are never printed by accident.
    Object.defineProperty(this, 'response', { enumerable: false });
    Object.defineProperty(this, 'payload', { enumerable: false });
  }

  /**
   * For logs: the common fields, `verified`, WeChat Pay's own error (`code`, `message`, `detail`) as parsed (under
   * `unverified` instead when the answer's signature did not check out), the APIv2
   * `err_code`/`err_code_des`, and the body as text, cut at 2 KiB. URL query values are redacted and an APIv2 `sign`
   * is left out.
   */
  override toJSON(): WechatpayErrorJSON {
    const json = super.toJSON();
    json.verified = this.verified;
    const parsed: Record<string, unknown> = this.payload ? v2Summary(this.payload) : parsePayload(this.response);
    const claimed: Record<string, unknown> = {};
    if (typeof parsed.code === 'string') claimed.code = parsed.code;
    if (typeof parsed.message === 'string') claimed.message = redactUrls(parsed.message);
    const detail = this.detail ?? redactDeep(this.unverified?.detail);
    if (detail !== undefined) claimed.detail = detail;
    // What an unverified body claims is logged under a name that says so, never as WeChat Pay's own error.
    if (Object.keys(claimed).length > 0) json[this.verified || this.payload ? 'wechatpay' : 'unverified'] = claimed;
    if (this.errCode !== undefined) json.errCode = this.errCode;
    if (this.errCodeDes !== undefined) json.errCodeDes = this.errCodeDes;
    json.body = bodyText(this.response.body);
    return json;
  }
}

/** The body as text for a log: at most `LOGGED_BODY_BYTES`, with a marker saying how much was left out. */
function bodyText(body: Uint8Array): string {
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const shown = bytes
    .subarray(0, LOGGED_BODY_BYTES)
    .toString('utf8')
    .replace(/\uFFFD$/, '');
  const cut = bytes.byteLength > LOGGED_BODY_BYTES ? `… [${bytes.byteLength - LOGGED_BODY_BYTES} more bytes]` : '';
  // An APIv2 answer's sign is a signature, which no log holds (also when the cut falls inside it).
  return redactUrls(shown.replace(/<sign>[\s\S]*?(<\/sign>|$)/g, '<sign>…$1')) + cut;
}

/** A copy of a JSON value with URL query values redacted in every string (`detail.sign_information.url`…). */
function redactDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactUrls(value);
  if (value === null || typeof value !== 'object' || depth > 20) return value;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = redactDeep(item, depth + 1);
  return copy;
}

/** The code and message of an APIv2 failure: `err_code`/`err_code_des` when the business failed, else `return_code`/`return_msg`. */
function v2Summary(v2: Readonly<Record<string, string>>): { code: string; message: string } {
  if (v2.return_code !== 'SUCCESS') return { code: v2.return_code || 'FAIL', message: v2.return_msg || 'return_code is not SUCCESS' };
  return { code: v2.err_code || v2.result_code || 'FAIL', message: v2.err_code_des || 'result_code is not SUCCESS' };
}

/** Names the claimed code in the message when it looks like one (a body may hold anything). */
function unverifiedNote(claim: UnverifiedClaim | undefined): string {
  const claimed = claim?.code !== undefined && /^[A-Z0-9_]{1,64}$/.test(claim.code) ? `; it claims ${claim.code} (see unverified)` : '';
  return `, not verified as WeChat Pay's${claimed}`;
}

/** The claim of an unverified body, or `undefined` when it makes none. */
function claimOf(payload: Record<string, unknown>): UnverifiedClaim | undefined {
  const { code, message, detail } = payload;
  const claim = {
    ...(typeof code === 'string' && { code }),
    ...(typeof message === 'string' && { message }),
    ...(detail !== undefined && { detail }),
  };
  return Object.keys(claim).length > 0 ? claim : undefined;
}

function parsePayload(response: WechatpayResponse): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(response.text());
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

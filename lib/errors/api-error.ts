import type { WechatpayResponse } from '../types/response.js';
import { WechatpayError } from './wechatpay-error.js';

/**
 * WeChat Pay answered with a status outside 2xx. `code` is WeChat Pay's own (`SIGN_ERROR`, `PARAM_ERROR`…),
 * `detail` its details (for `SIGN_ERROR`, `detail.sign_information` shows what the server signed).
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

  /** `v2` is the parsed APIv2 answer whose `return_code` or `result_code` is not `SUCCESS`. */
  constructor(response: WechatpayResponse, v2?: Readonly<Record<string, string>>) {
    const payload: Record<string, unknown> = v2 ? v2Summary(v2) : parsePayload(response);
    const code = typeof payload.code === 'string' ? payload.code : `HTTP_${response.status}`;
    const text = typeof payload.message === 'string' ? payload.message : `HTTP status ${response.status}`;
    const requestId = response.headers.get('Request-ID') ?? undefined;
    super(`${code}: ${text}${requestId ? ` (Request-ID ${requestId})` : ''}`, code);
    this.status = response.status;
    this.detail = payload.detail;
    this.requestId = requestId;
    this.response = response;
    this.errCode = v2?.err_code;
    this.errCodeDes = v2?.err_code_des;
    this.payload = v2;
  }
}

/** The code and message of an APIv2 failure: `err_code`/`err_code_des` when the business failed, else `return_code`/`return_msg`. */
function v2Summary(v2: Readonly<Record<string, string>>): { code: string; message: string } {
  if (v2.return_code !== 'SUCCESS') return { code: v2.return_code || 'FAIL', message: v2.return_msg || 'return_code is not SUCCESS' };
  return { code: v2.err_code || v2.result_code || 'FAIL', message: v2.err_code_des || 'result_code is not SUCCESS' };
}

function parsePayload(response: WechatpayResponse): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(response.text());
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

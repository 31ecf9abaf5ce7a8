import type { WechatpayResponse } from '../client/response.js';
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

  constructor(response: WechatpayResponse) {
    const payload = parsePayload(response);
    const code = typeof payload.code === 'string' ? payload.code : `HTTP_${response.status}`;
    const text = typeof payload.message === 'string' ? payload.message : `HTTP status ${response.status}`;
    const requestId = response.headers.get('Request-ID') ?? undefined;
    super(`${code}: ${text}${requestId ? ` (Request-ID ${requestId})` : ''}`, code);
    this.status = response.status;
    this.detail = payload.detail;
    this.requestId = requestId;
    this.response = response;
  }
}

function parsePayload(response: WechatpayResponse): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(response.text());
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

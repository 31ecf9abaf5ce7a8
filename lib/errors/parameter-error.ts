import { WechatpayError } from './wechatpay-error.js';

/** A call's options are invalid; nothing was sent. `field` names the bad option or placeholder. */
export class ParameterError extends WechatpayError {
  override name = 'ParameterError';
  /** The option or placeholder at fault: `'out_order_no'`, `'query.limit'`, `'headers.X-Tenant'`… */
  readonly field: string;

  constructor(field: string, message: string, options?: { cause?: unknown }) {
    super(`${field}: ${message}`, 'ERR_PARAMETER', options);
    this.field = field;
  }

  /** @deprecated Use {@link ParameterError.field}, the same value under the name every error class uses. */
  get parameter(): string {
    return this.field;
  }
}

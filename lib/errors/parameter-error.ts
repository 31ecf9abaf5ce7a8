import { WechatpayError } from './wechatpay-error.js';

/** A call's options are invalid; nothing was sent. `parameter` names the bad option or placeholder. */
export class ParameterError extends WechatpayError {
  override name = 'ParameterError';
  readonly parameter: string;

  constructor(parameter: string, message: string) {
    super(`${parameter}: ${message}`, 'ERR_PARAMETER');
    this.parameter = parameter;
  }
}

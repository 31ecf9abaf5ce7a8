import { WechatpayError } from './wechatpay-error.js';

/** The client's configuration (or its middleware stack) cannot work; `option` names the culprit. */
export class ConfigError extends WechatpayError {
  override name = 'ConfigError';
  readonly option: string;

  constructor(option: string, message: string, options?: { cause?: unknown; code?: string }) {
    super(`${option}: ${message}`, options?.code ?? 'ERR_CONFIG', options);
    this.option = option;
  }
}

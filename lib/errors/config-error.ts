import { WechatpayError } from './wechatpay-error.js';

/** The client's configuration (or its middleware stack) cannot work; `field` names the culprit. */
export class ConfigError extends WechatpayError {
  override name = 'ConfigError';
  /** The option at fault: `'privateKey'`, `"certs['PUB_KEY_ID_…']"`, `'headers.X-Tenant'`, `"middleware 'name'"`… */
  readonly field: string;

  constructor(field: string, message: string, options?: { cause?: unknown; code?: string }) {
    super(`${field}: ${message}`, options?.code ?? 'ERR_CONFIG', options);
    this.field = field;
  }

  /** @deprecated Use {@link ConfigError.field}, the same value under the name every error class uses. */
  get option(): string {
    return this.field;
  }
}

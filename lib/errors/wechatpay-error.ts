/** The base of every error this package throws. `code` is stable and machine-readable. */
export class WechatpayError extends Error {
  override name = 'WechatpayError';
  readonly code: string;

  constructor(message: string, code: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

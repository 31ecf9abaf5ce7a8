import { WechatpayResponse, type Transport, type WechatpayRequest } from 'wechatpay-ts';
import { signMessage, type SigningKeys } from './signatures.js';

/**
 * A transport for asynchronous calls that records every request and answers what the property sets in `answer`
 * (by default an empty JSON object, correctly signed at the fixed clock).
 */
export class ScriptedTransport implements Transport {
  readonly name = 'fuzz';
  readonly requests: WechatpayRequest[] = [];
  answer: (request: WechatpayRequest) => WechatpayResponse | Promise<WechatpayResponse>;

  constructor(
    readonly keys: SigningKeys,
    readonly now: number,
  ) {
    this.answer = () => this.signed(200, '{}');
  }

  async send(request: WechatpayRequest): Promise<WechatpayResponse> {
    this.requests.push(request);
    return this.answer(request);
  }

  async close(): Promise<void> {}

  /** Forgets the requests of the previous case. */
  reset(): void {
    this.requests.length = 0;
  }

  /** An answer signed with the platform key, as WeChat Pay signs it. */
  signed(status: number, body: string | Uint8Array): WechatpayResponse {
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
    const timestamp = String(this.now);
    const nonce = 'c2VhbGVkLW5vbmNlLWZvci1mdXp6';
    const headers = new Headers({
      'Content-Type': 'application/json',
      'Request-ID': 'FUZZ-REQUEST-ID',
      'Wechatpay-Timestamp': timestamp,
      'Wechatpay-Nonce': nonce,
      'Wechatpay-Signature': signMessage(this.keys.platformKey, timestamp, nonce, bytes),
      'Wechatpay-Serial': this.keys.platformSerial,
    });
    return new WechatpayResponse(status, headers, bytes);
  }

  /** An answer without any signature header. */
  unsigned(status: number, body: string | Uint8Array, contentType = 'application/json'): WechatpayResponse {
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
    return new WechatpayResponse(status, new Headers({ 'Content-Type': contentType }), bytes);
  }
}

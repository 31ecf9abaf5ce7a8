import { createHash, createHmac } from 'node:crypto';
import { Builder, WechatpayResponse, type ClientConfig, type Transport, type WechatpayRequest } from 'wechatpay-ts';

/** The APIv2 key of WeChat Pay's published signing example. */
export const EXAMPLE_KEY = '192006250b4c09247ec02edce69f6a2d';
export const EXAMPLE_MCHID = '10000100';

/** An APIv2 sign computed here with node:crypto alone, independently of the code under test. */
export function independentSign(payload: Record<string, string>, key: string, type: 'MD5' | 'HMAC-SHA256' = 'MD5'): string {
  const text = `${Object.keys(payload)
    .filter((name) => name !== 'sign' && payload[name] !== '')
    .sort()
    .map((name) => `${name}=${payload[name]}`)
    .join('&')}&key=${key}`;
  const digest = type === 'MD5' ? createHash('md5').update(text, 'utf8').digest('hex') : createHmac('sha256', key).update(text, 'utf8').digest('hex');
  return digest.toUpperCase();
}

/** Plain `<xml>` without CDATA, for the canned answers. */
export function plainXml(payload: Record<string, string>): string {
  return `<xml>${Object.entries(payload)
    .map(([name, value]) => `<${name}>${value}</${name}>`)
    .join('')}</xml>`;
}

/** A client whose asynchronous transport records each request and answers with `answer(request)`. */
export function capturing(answer: (request: WechatpayRequest) => string | Uint8Array | WechatpayResponse, config: Partial<ClientConfig> = {}) {
  const sent: WechatpayRequest[] = [];
  const transport: Transport = {
    name: 'capture',
    async send(request) {
      sent.push(request);
      const reply = answer(request);
      if (reply instanceof WechatpayResponse) return reply;
      return new WechatpayResponse(
        200,
        new Headers({ 'Content-Type': 'text/xml' }),
        typeof reply === 'string' ? new TextEncoder().encode(reply) : reply,
      );
    },
    async close() {},
  };
  // Untyped: these tests send partial and deliberately wrong payloads to check what the middlewares do with them.
  const instance = Builder.factory<'untyped'>({ mchid: EXAMPLE_MCHID, secret: EXAMPLE_KEY, transport, ...config });
  return { instance, sent, text: (index = -1) => new TextDecoder().decode(sent.at(index)?.body) };
}

/** A signed SUCCESS answer for the example merchant. */
export function signedAnswer(fields: Record<string, string> = {}, type: 'MD5' | 'HMAC-SHA256' = 'MD5'): string {
  const payload = { return_code: 'SUCCESS', return_msg: 'OK', mch_id: EXAMPLE_MCHID, nonce_str: 'answerNonce', result_code: 'SUCCESS', ...fields };
  return plainXml({ ...payload, sign: independentSign(payload, EXAMPLE_KEY, type) });
}

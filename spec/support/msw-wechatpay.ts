import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { Builder, fetchTransport } from 'wechatpay-ts';

/** A merchant and a WeChat Pay platform key, for tests that answer through msw (fetchTransport) as WeChat Pay would. */
export const MCHID = '1900000001';
export const SERIAL = '1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C';
export const PUBLIC_KEY_ID = 'PUB_KEY_ID_0114232134912410000000000000';
export const BASE = 'https://api.mch.weixin.qq.com';
export const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
export const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });

/** The four `Wechatpay-*` headers of an answer whose signature covers `signedBody`, made with node:crypto alone. */
export function signedHeaders(signedBody: string): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomBytes(16).toString('hex');
  const signature = sign('sha256', Buffer.from(`${timestamp}\n${nonce}\n${signedBody}\n`), platform.privateKey).toString('base64');
  return { 'Wechatpay-Timestamp': timestamp, 'Wechatpay-Nonce': nonce, 'Wechatpay-Signature': signature, 'Wechatpay-Serial': PUBLIC_KEY_ID };
}

/**
 * A client of that merchant over `fetch`, which msw intercepts. Untyped: these specs send what a typed call would
 * refuse (made-up query fields, bodies of the wrong kind) to see what the client does with it at run time.
 */
export function fetchClient() {
  return Builder.factory<'untyped'>({
    mchid: MCHID,
    serial: SERIAL,
    privateKey: merchant.privateKey,
    certs: { [PUBLIC_KEY_ID]: platform.publicKey },
    baseURL: `${BASE}/`,
    transport: fetchTransport(),
  });
}

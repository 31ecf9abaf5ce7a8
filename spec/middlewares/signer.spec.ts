import { generateKeyPairSync, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Builder, WechatpayError } from 'wechatpay-ts';
import { startSimulator, type Simulator } from 'wechatpay-ts/simulator';
import { MERCHANT_SERIAL, PUBLIC_KEY_ID, fixture } from '../support/fixtures.js';
import { ORDER, SEED } from '../support/simulated.js';

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator({ merchant: { serial: MERCHANT_SERIAL, publicKey: fixture('merchant-pub.pem') } });
});
afterAll(() => simulator.close());

const platformKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;

/** Untyped: these tests send placeholder bodies (`{ a: 1 }`) to whatever endpoint, to look at the signature. */
function client(extra: object = {}) {
  return Builder.factory<'untyped'>({
    mchid: '1900000001',
    serial: MERCHANT_SERIAL,
    privateKey: fixture('merchant-key.pem'),
    certs: { [PUBLIC_KEY_ID]: platformKey },
    baseURL: `${simulator.baseURL}hk/`,
    ...extra,
  });
}

async function lastReceived() {
  const all = await simulator.received();
  return all[all.length - 1]!;
}

describe('the signer', () => {
  it('signs the exact target (base path, encoded placeholder, query) and body bytes, in the documented header format', async () => {
    const instance = client({ clock: () => 1_700_000_000_999, nonce: () => '5K8264ILTKCH16CQ2502SI8ZNMTM67VS' });
    // The answer is refused (the fixed clock is years off), but the request went out as signed.
    await expect(instance.chain(SEED).postAsync({ out_order_no: 'ORDER/1', query: { lang: 'zh-CN', page: 1 }, json: ORDER })).rejects.toBeInstanceOf(
      WechatpayError,
    );
    const sent = await lastReceived();
    const message = fixture('signing-message.txt');
    const [, target, , , body] = message.split('\n');
    expect(sent.method).toBe('POST');
    expect(sent.target).toBe(target);
    expect(sent.body).toBe(body);
    expect(sent.headers.authorization).toBe(
      'WECHATPAY2-SHA256-RSA2048 mchid="1900000001",serial_no="1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C",' +
        `timestamp="1700000000",nonce_str="5K8264ILTKCH16CQ2502SI8ZNMTM67VS",signature="${fixture('signing-message.sig')}"`,
    );
    // The openssl-made fixture signature is over exactly this message.
    expect(verify('sha256', Buffer.from(message), fixture('merchant-pub.pem'), Buffer.from(fixture('signing-message.sig'), 'base64'))).toBe(true);
  });

  it('sends the default headers and asks WeChat Pay to sign with the preferred key', async () => {
    await client()
      .v3.pay.transactions.native.postAsync({ json: { a: 1 } })
      .catch(() => undefined);
    const { headers } = await lastReceived();
    expect(headers.accept).toBe('application/json');
    expect(headers['content-type']).toBe('application/json');
    expect(headers['wechatpay-serial']).toBe(PUBLIC_KEY_ID);
    expect(headers['user-agent']).toMatch(/^wechatpay-ts\/\d+\.\d+\.\d+ undici\/7 node\/\d+\.\d+\.\d+ \w+-\w+$/);
  });

  it('prefers a public key id over a platform certificate serial, and keeps a Wechatpay-Serial the call sets', async () => {
    const certs = { '5157F09EFDC096DE15EBE81A47057A7232F9D5EB': platformKey, [PUBLIC_KEY_ID]: platformKey };
    await client({ certs })
      .v3.x.getAsync()
      .catch(() => undefined);
    expect((await lastReceived()).headers['wechatpay-serial']).toBe(PUBLIC_KEY_ID);
    await client({ certs: { '5157F09EFDC096DE15EBE81A47057A7232F9D5EB': platformKey } })
      .v3.x.getAsync()
      .catch(() => undefined);
    expect((await lastReceived()).headers['wechatpay-serial']).toBe('5157F09EFDC096DE15EBE81A47057A7232F9D5EB');
    await client()
      .v3.x.getAsync({ headers: { 'Wechatpay-Serial': 'PUB_KEY_ID_0199' } })
      .catch(() => undefined);
    expect((await lastReceived()).headers['wechatpay-serial']).toBe('PUB_KEY_ID_0199');
  });

  it('uses a fresh 32-character base62 nonce and the current time for every request', async () => {
    const instance = client();
    const before = Math.floor(Date.now() / 1000);
    await instance.v3.x.getAsync().catch(() => undefined);
    const first = (await lastReceived()).headers.authorization!;
    await instance.v3.x.getAsync().catch(() => undefined);
    const second = (await lastReceived()).headers.authorization!;
    const nonceOf = (header: string) => /nonce_str="([^"]*)"/.exec(header)?.[1];
    const timeOf = (header: string) => Number(/timestamp="(\d+)"/.exec(header)?.[1]);
    expect(nonceOf(first)).toMatch(/^[0-9A-Za-z]{32}$/);
    expect(nonceOf(second)).toMatch(/^[0-9A-Za-z]{32}$/);
    expect(nonceOf(first)).not.toBe(nonceOf(second));
    expect(timeOf(first)).toBeGreaterThanOrEqual(before);
    expect(timeOf(first)).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
  });
});

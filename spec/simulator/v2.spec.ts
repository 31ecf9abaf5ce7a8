import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiError,
  Builder,
  ConfigError,
  TransportError,
  VerificationError,
  type ClientConfig,
  type UntypedWechatpay,
  type Wechatpay,
} from 'wechatpay-ts';
import { EXPIRED_AUTH_CODE, FAULT_HEADER, startSimulator, type Simulator } from 'wechatpay-ts/simulator';
import { fixture } from '../support/fixtures.js';

const SECRET = fixture('apiv2-key.txt').trim();
const bytes = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url));
const TLS = { ca: fixture('tls-ca.pem'), cert: fixture('tls-server.pem'), key: fixture('tls-server-key.pem') };
const MERCHANT_PEM = { cert: fixture('tls-client.pem'), key: fixture('tls-client-key.pem') };
const MERCHANT_P12 = { pfx: bytes('tls-client.p12'), passphrase: fixture('tls-client.p12.pass') };

const state = {} as { simulator: Simulator; clients: Wechatpay[] };

beforeAll(async () => {
  // In a worker thread: synchronous calls block this one.
  state.simulator = await startSimulator({ worker: true, v2: { secret: SECRET, tls: TLS } });
  state.clients = [];
});
afterAll(async () => {
  await Promise.all(state.clients.map((client) => client.getDriver().close()));
  await state.simulator?.close();
});

/** An APIv2-only client of the simulator's TLS listener, trusting the test CA. */
function client(config: Partial<ClientConfig> = {}): Wechatpay {
  const { simulator } = state;
  const instance = Builder.factory({
    mchid: simulator.mchid,
    secret: SECRET,
    merchant: MERCHANT_PEM,
    tls: { ca: TLS.ca },
    baseURL: simulator.secureBaseURL,
    ...config,
  });
  state.clients.push(instance);
  return instance;
}

const micropay = () => ({
  appid: 'wx2421b1c4370ec43b',
  mch_id: state.simulator.mchid,
  body: '付款码支付测试',
  out_trade_no: '1415757673',
  total_fee: 1,
  spbill_create_ip: '127.0.0.1',
  auth_code: '120061098828009406',
});
const refund = () => ({
  appid: 'wx2421b1c4370ec43b',
  mch_id: state.simulator.mchid,
  out_trade_no: '1415757673',
  out_refund_no: 'R1415757673',
  total_fee: 1,
  refund_fee: 1,
});

describe('APIv2 against the simulator, over TLS', () => {
  it('micropay, asynchronous (MD5) and synchronous (HMAC-SHA256)', async () => {
    const instance = client();
    const answer = (await instance.v2.pay.micropay.postAsync({ xml: micropay() })).xml();
    expect(answer).toMatchObject({
      return_code: 'SUCCESS',
      result_code: 'SUCCESS',
      trade_type: 'MICROPAY',
      out_trade_no: '1415757673',
      total_fee: '1',
    });
    const sync = instance.v2.pay.micropay.post({ xml: { ...micropay(), sign_type: 'HMAC-SHA256' } }).xml();
    expect(sync).toMatchObject({ return_code: 'SUCCESS', result_code: 'SUCCESS' });
    const received = await state.simulator.received();
    expect(received.at(-1)?.target).toBe('/pay/micropay');
    expect(received.at(-1)?.body).toMatch(
      /^<xml><appid>wx2421b1c4370ec43b<\/appid>.*<sign_type>HMAC-SHA256<\/sign_type><nonce_str>[0-9A-Za-z]{32}<\/nonce_str><sign>[0-9A-F]{64}<\/sign><\/xml>$/,
    );
  });

  it('micropay over plain HTTP too, in both modes', async () => {
    const instance = client({ baseURL: state.simulator.baseURL });
    expect((await instance.v2.pay.micropay.postAsync({ xml: micropay() })).xml().result_code).toBe('SUCCESS');
    expect(instance.v2.pay.micropay.post({ xml: micropay() }).xml().result_code).toBe('SUCCESS');
  });

  it('a business failure: ApiError with err_code, err_code_des and the payload, in both modes', async () => {
    const instance = client();
    const xml = { ...micropay(), auth_code: EXPIRED_AUTH_CODE };
    const error = (await instance.v2.pay.micropay.postAsync({ xml }).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect([error.errCode, error.errCodeDes, error.payload?.result_code]).toEqual(['AUTH_CODE_INVALID', '授权码已过期，请刷新后重新支付', 'FAIL']);
    expect(() => instance.v2.pay.micropay.post({ xml })).toThrow(ApiError);
  });

  it('an answer changed after signing: VerificationError', async () => {
    const instance = client();
    const options = { xml: micropay(), headers: { [FAULT_HEADER]: 'tamper-body' } };
    await expect(instance.v2.pay.micropay.postAsync(options)).rejects.toThrow(VerificationError);
    expect(() => instance.v2.pay.micropay.post(options)).toThrow(VerificationError);
  });

  it('a wrong secret: the simulator refuses the sign (return_code FAIL)', async () => {
    const instance = client({ secret: 'x'.repeat(32) });
    await expect(instance.v2.pay.micropay.postAsync({ xml: micropay() })).rejects.toThrow(/^FAIL: 签名错误/);
  });

  it('downloadbill: CSV with data, an ApiError without', async () => {
    const instance = client();
    const bill = { appid: 'wx2421b1c4370ec43b', mch_id: state.simulator.mchid, bill_date: '20261126', bill_type: 'ALL' } as const;
    const csv = (await instance.v2.pay.downloadbill.postAsync({ xml: bill })).text();
    expect(csv.split('\r\n')[0]).toBe('交易时间,公众账号ID,商户号,微信订单号,商户订单号,总金额');
    expect(instance.v2.pay.downloadbill.post({ xml: bill }).text()).toBe(csv);
    await expect(instance.v2.pay.downloadbill.postAsync({ xml: { ...bill, bill_date: '20000101' } })).rejects.toThrow(/^FAIL: No Bill Exist$/);
  });

  it('downloadbill with tar_type GZIP: the same bill, gzip-compressed', async () => {
    const instance = client();
    const bill = { appid: 'wx2421b1c4370ec43b', mch_id: state.simulator.mchid, bill_date: '20261126', bill_type: 'ALL' } as const;
    const plain = (await instance.v2.pay.downloadbill.postAsync({ xml: bill })).text();
    const gzipped = await instance.v2.pay.downloadbill.postAsync({ xml: { ...bill, tar_type: 'GZIP' } });
    expect(gzipped.headers.get('Content-Type')).toBe('application/x-gzip');
    expect([...gzipped.body.subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    expect(gunzipSync(gzipped.body).toString('utf8')).toBe(plain);
  });
});

describe('refund over mutual TLS', () => {
  it.each([
    ['PEM certificate and key', MERCHANT_PEM],
    ['PKCS#12 and passphrase', MERCHANT_P12],
  ])('with the client certificate (%s), asynchronous and synchronous', async (_, merchant) => {
    const instance = client({ merchant });
    const answer = (await instance.v2.secapi.pay.refund.postAsync({ xml: refund(), security: true })).xml();
    expect(answer).toMatchObject({ return_code: 'SUCCESS', result_code: 'SUCCESS', out_refund_no: 'R1415757673', refund_fee: '1' });
    expect(instance.v2.secapi.pay.refund.post({ xml: refund(), security: true }).xml().result_code).toBe('SUCCESS');
  });

  it('without security: true the call goes without the client certificate and is refused, in both modes', async () => {
    // Untyped: the typed refund requires `security: true`, and leaving it out is the point here.
    const instance = client() as unknown as UntypedWechatpay;
    // A plain call first, so that the pool holds a reused (resumable) connection.
    await instance.v2.pay.micropay.postAsync({ xml: micropay() });
    const error = (await instance.v2.secapi.pay.refund.postAsync({ xml: refund() }).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.payload?.return_msg).toMatch(/^证书错误/);
    expect(() => instance.v2.secapi.pay.refund.post({ xml: refund() })).toThrow(/^FAIL: 证书错误/);
  });

  it('a client certificate from an untrusted CA is refused', async () => {
    const instance = client({ merchant: { cert: fixture('tls-stranger.pem'), key: fixture('tls-stranger-key.pem') } });
    await expect(instance.v2.secapi.pay.refund.postAsync({ xml: refund(), security: true })).rejects.toThrow(/^FAIL: 证书错误/);
    expect(() => instance.v2.secapi.pay.refund.post({ xml: refund(), security: true })).toThrow(/^FAIL: 证书错误/);
  });

  it('a wrong PKCS#12 passphrase: a TransportError that shows no TLS material', async () => {
    const instance = client({ merchant: { pfx: MERCHANT_P12.pfx, passphrase: 'wrong' } });
    for (const error of [
      await instance.v2.secapi.pay.refund.postAsync({ xml: refund(), security: true }).catch((e: unknown) => e),
      (() => {
        try {
          instance.v2.secapi.pay.refund.post({ xml: refund(), security: true });
        } catch (e) {
          return e;
        }
      })(),
    ]) {
      expect(error).toBeInstanceOf(TransportError);
      const shown = `${String(error)} ${JSON.stringify(error)} ${String((error as Error).cause)}`;
      expect(shown).not.toContain('BEGIN');
      expect(shown).not.toContain(MERCHANT_P12.passphrase);
    }
  });

  it('without the test CA the server certificate is not trusted', async () => {
    const instance = client({ tls: undefined });
    await expect(instance.v2.pay.micropay.postAsync({ xml: micropay() })).rejects.toThrow(TransportError);
  });

  it('security: true without a merchant certificate: ConfigError, nothing sent', async () => {
    const instance = client({ merchant: undefined });
    const before = (await state.simulator.received()).length;
    await expect(instance.v2.secapi.pay.refund.postAsync({ xml: refund(), security: true })).rejects.toThrow(ConfigError);
    expect(() => instance.v2.secapi.pay.refund.post({ xml: refund(), security: true })).toThrow(/^merchant: is required/);
    expect(await state.simulator.received()).toHaveLength(before);
  });

  it('the client never shows its TLS material', () => {
    const instance = client();
    const shown = JSON.stringify(instance.getDriver().toJSON());
    expect(shown).not.toContain('BEGIN');
  });
});

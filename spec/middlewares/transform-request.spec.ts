import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, ParameterError } from 'wechatpay-ts';
import { fixture, MERCHANT_SERIAL, PUBLIC_KEY_ID } from '../support/fixtures.js';
import { capturing, EXAMPLE_KEY, independentSign, signedAnswer } from '../support/v2-capture.js';

// WeChat Pay's published APIv2 signing example (签名算法): payload, key, and its MD5 and HMAC-SHA256 signatures.
const EXAMPLE = { appid: 'wxd930ea5d5a258f4f', mch_id: '10000100', device_info: '1000', body: 'test', nonce_str: 'ibuaiVcKdpRxkhJA' };

describe('transform_request: the signed <xml> sent', () => {
  it('signs the published example with MD5, byte for byte', async () => {
    const { instance, text, sent } = capturing(() => signedAnswer());
    await instance.v2.pay.micropay.postAsync({ xml: EXAMPLE });
    expect(text()).toBe(
      '<xml><appid>wxd930ea5d5a258f4f</appid><mch_id>10000100</mch_id><device_info>1000</device_info><body>test</body>' +
        '<nonce_str>ibuaiVcKdpRxkhJA</nonce_str><sign>9A0A8659F005D6984697E2CA0A9CF3B7</sign></xml>',
    );
    expect(sent[0]?.url.href).toBe('https://api.mch.weixin.qq.com/pay/micropay');
    expect(sent[0]?.headers.get('Content-Type')).toBe('text/xml; charset=utf-8');
    expect(sent[0]?.headers.has('Authorization')).toBe(false);
  });

  it('the published HMAC-SHA256 signature over the same signing string', () => {
    // The published vector signs the example without sign_type; the client includes sign_type (below).
    const text =
      'appid=wxd930ea5d5a258f4f&body=test&device_info=1000&mch_id=10000100&nonce_str=ibuaiVcKdpRxkhJA&key=192006250b4c09247ec02edce69f6a2d';
    expect(createHmac('sha256', EXAMPLE_KEY).update(text).digest('hex').toUpperCase()).toBe(
      '6A9AE1657590FD6257D693A078E1C3E4BB6BA4DC30B23E0EE2496E54170DACD6',
    );
  });

  it('signs with HMAC-SHA256 when sign_type asks, sign_type included in the signed string', async () => {
    const { instance, text } = capturing(() => signedAnswer({}, 'HMAC-SHA256'));
    await instance.v2.pay.micropay.postAsync({ xml: { ...EXAMPLE, sign_type: 'HMAC-SHA256' } });
    const signing =
      'appid=wxd930ea5d5a258f4f&body=test&device_info=1000&mch_id=10000100&nonce_str=ibuaiVcKdpRxkhJA&sign_type=HMAC-SHA256&key=192006250b4c09247ec02edce69f6a2d';
    const expected = createHmac('sha256', EXAMPLE_KEY).update(signing).digest('hex').toUpperCase();
    expect(text()).toBe(
      '<xml><appid>wxd930ea5d5a258f4f</appid><mch_id>10000100</mch_id><device_info>1000</device_info><body>test</body>' +
        `<nonce_str>ibuaiVcKdpRxkhJA</nonce_str><sign_type>HMAC-SHA256</sign_type><sign>${expected}</sign></xml>`,
    );
  });

  it("adds nonce_str from the client's nonce option, and none with nonceless", async () => {
    const { instance, text } = capturing(() => signedAnswer(), { nonce: () => 'ibuaiVcKdpRxkhJA' });
    const { nonce_str: _, ...rest } = EXAMPLE;
    await instance.v2.pay.micropay.postAsync({ xml: rest });
    expect(text()).toBe(
      '<xml><appid>wxd930ea5d5a258f4f</appid><mch_id>10000100</mch_id><device_info>1000</device_info><body>test</body>' +
        '<nonce_str>ibuaiVcKdpRxkhJA</nonce_str><sign>9A0A8659F005D6984697E2CA0A9CF3B7</sign></xml>',
    );
    await instance.v2.pay.micropay.postAsync({ xml: rest, nonceless: true });
    expect(text()).not.toContain('nonce_str');
  });

  it('random nonce_str by default: 32 base62 characters', async () => {
    const { instance, text } = capturing(() => signedAnswer());
    await instance.v2.pay.micropay.postAsync({ xml: { mch_id: '10000100', body: 'x' } });
    expect(text()).toMatch(/<nonce_str>[0-9A-Za-z]{32}<\/nonce_str>/);
  });

  it('CDATA for text, and a value holding ]]> escaped so that it cannot leave its element', async () => {
    const { instance, text } = capturing(() => signedAnswer(), { nonce: () => 'n' });
    await instance.v2.pay.micropay.postAsync({ xml: { body: '腾讯充值中心-QQ会员充值', attach: 'a]]><mch_id>1</mch_id>', detail: '<b>&' } });
    expect(text()).toBe(
      '<xml><body><![CDATA[腾讯充值中心-QQ会员充值]]></body><attach>a]]&gt;&lt;mch_id&gt;1&lt;/mch_id&gt;</attach>' +
        '<detail><![CDATA[<b>&]]></detail><nonce_str>n</nonce_str>' +
        `<sign>${signOf({ body: '腾讯充值中心-QQ会员充值', attach: 'a]]><mch_id>1</mch_id>', detail: '<b>&', nonce_str: 'n' })}</sign></xml>`,
    );
  });

  it('a GET call carries the signed payload in its query', async () => {
    const { instance, sent } = capturing(() => signedAnswer(), { nonce: () => 'ibuaiVcKdpRxkhJA' });
    await instance.v2.pay.micropay.getAsync({ xml: { appid: 'wxd930ea5d5a258f4f', mch_id: '10000100', device_info: '1000', body: 'test' } });
    expect(sent[0]?.url.search).toBe(
      '?appid=wxd930ea5d5a258f4f&mch_id=10000100&device_info=1000&body=test&nonce_str=ibuaiVcKdpRxkhJA&sign=9A0A8659F005D6984697E2CA0A9CF3B7',
    );
    expect(sent[0]?.body).toBeUndefined();
  });
});

describe('transform_request: refusals before sending', () => {
  it.each([
    ['mch_id', { mch_id: '1900000002' }],
    ['mchid', { mchid: '1900000002' }],
    ['combine_mch_id', { combine_mch_id: '1900000002' }],
  ])('a payload %s that is not the client mchid', async (field, xml) => {
    const { instance, sent } = capturing(() => signedAnswer());
    const error = await instance.v2.pay.micropay.postAsync({ xml }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParameterError);
    expect((error as Error).message).toContain(`xml.${field}`);
    expect(sent).toHaveLength(0);
  });

  it('an unknown sign_type, a given sign, a nested value', async () => {
    const { instance, sent } = capturing(() => signedAnswer());
    for (const xml of [{ sign_type: 'SHA1' }, { sign: 'X' }, { detail: { a: 1 } as unknown as string }]) {
      await expect(instance.v2.pay.micropay.postAsync({ xml })).rejects.toThrow(ParameterError);
    }
    expect(sent).toHaveLength(0);
  });

  it('xml on an APIv3 path', async () => {
    const { instance } = capturing(() => signedAnswer());
    await expect(instance.v3.pay.transactions.native.postAsync({ xml: { a: '1' } })).rejects.toThrow(/xml: is for APIv2/);
  });
});

describe('protocol credentials: a ConfigError naming what is missing, nothing sent', () => {
  it('a v2 call on a client without secret, in both modes', async () => {
    const v3Only = {
      secret: undefined,
      serial: MERCHANT_SERIAL,
      privateKey: fixture('merchant-key.pem'),
      certs: { [PUBLIC_KEY_ID]: fixture('platform-pub.pem') },
    };
    const { instance, sent } = capturing(() => signedAnswer(), v3Only);
    const error = await instance.v2.pay.micropay.postAsync({ xml: { body: 'x' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).field).toBe('secret');
    expect(() => instance.v2.pay.micropay.post({ xml: { body: 'x' } })).toThrow(/^secret: is required for APIv2/);
    expect(sent).toHaveLength(0);
    expect(instance.getDriver().stack.names).toEqual(['encryptor', 'retry', 'signer', 'verifier']);
  });

  it('an APIv2 client adds the two named transforms around the APIv3 middleware', () => {
    const { instance } = capturing(() => signedAnswer());
    expect(instance.getDriver().stack.names).toEqual(['transform_request', 'encryptor', 'retry', 'signer', 'verifier', 'transform_response']);
  });

  it('a v3 call on an APIv2-only client', async () => {
    const { instance, sent } = capturing(() => '{}');
    const error = await instance.v3.pay.transactions.native.postAsync({ json: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).field).toBe('serial, privateKey, certs');
    expect(() => instance.v3.pay.transactions.native.post({ json: {} })).toThrow(ConfigError);
    expect(sent).toHaveLength(0);
  });

  it('a security call without a merchant certificate', async () => {
    const { instance, sent } = capturing(() => signedAnswer());
    const error = await instance.v2.secapi.pay.refund.postAsync({ xml: {}, security: true }).catch((e: unknown) => e);
    expect((error as ConfigError).field).toBe('merchant');
    expect(sent).toHaveLength(0);
  });
});

function signOf(payload: Record<string, string>): string {
  return independentSign(payload, EXAMPLE_KEY);
}

import { createPrivateKey, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, ParameterError, PayParams } from 'wechatpay-ts';
import { fixture, fixtureUrl } from '../support/fixtures.js';
import { thrown } from '../support/failures.js';

const privateKey = fixture('merchant-key.pem');
const APP_ID = 'wxd678efh567hg6787';
const PREPAY_ID = 'wx201410272009395522657a690389285100';
const NONCE = '5K8264ILTKCH16CQ2502SI8ZNMTM67VS';
const TIME = '1414561699';

/** SHA256withRSA (PKCS#1 v1.5, deterministic) over a message written out by hand, with node:crypto directly. */
function expectedSignature(message: string): string {
  return sign('sha256', Buffer.from(message, 'utf8'), privateKey).toString('base64');
}

describe('PayParams.jsapi (WeixinJSBridge, APIv3)', () => {
  it('returns exactly the six fields, paySign over appId, timeStamp, nonceStr and package, each followed by \\n', () => {
    const params = PayParams.jsapi({ appId: APP_ID, prepayId: PREPAY_ID, privateKey, nonce: NONCE, timestamp: 1414561699 });
    const message = `wxd678efh567hg6787\n1414561699\n5K8264ILTKCH16CQ2502SI8ZNMTM67VS\nprepay_id=${PREPAY_ID}\n`;
    expect(params).toStrictEqual({
      appId: APP_ID,
      timeStamp: TIME,
      nonceStr: NONCE,
      package: `prepay_id=${PREPAY_ID}`,
      signType: 'RSA',
      paySign: expectedSignature(message),
    });
    expect(Object.keys(params)).toEqual(['appId', 'timeStamp', 'nonceStr', 'package', 'signType', 'paySign']);
    expect(verify('sha256', Buffer.from(message), fixture('merchant-pub.pem'), Buffer.from(params.paySign, 'base64'))).toBe(true);
  });

  it('accepts the prepay id bare or as the package value prepay_id=…, with one prefix in the output', () => {
    const fixed = { appId: APP_ID, privateKey, nonce: NONCE, timestamp: TIME };
    const bare = PayParams.jsapi({ ...fixed, prepayId: PREPAY_ID });
    const prefixed = PayParams.jsapi({ ...fixed, prepayId: `prepay_id=${PREPAY_ID}` });
    expect(prefixed).toStrictEqual(bare);
    expect(prefixed.package).toBe(`prepay_id=${PREPAY_ID}`);
  });

  it('takes the key as PEM, a file:// URL or a KeyObject, with the same result', () => {
    const fixed = { appId: APP_ID, prepayId: PREPAY_ID, nonce: NONCE, timestamp: TIME };
    const pem = PayParams.jsapi({ ...fixed, privateKey });
    expect(PayParams.jsapi({ ...fixed, privateKey: new URL(fixtureUrl('merchant-key.pem')) })).toStrictEqual(pem);
    expect(PayParams.jsapi({ ...fixed, privateKey: createPrivateKey(privateKey) })).toStrictEqual(pem);
  });

  it('makes a fresh 32-character nonce and the current time in seconds when not given', () => {
    const before = Math.floor(Date.now() / 1000);
    const first = PayParams.jsapi({ appId: APP_ID, prepayId: PREPAY_ID, privateKey });
    const second = PayParams.jsapi({ appId: APP_ID, prepayId: PREPAY_ID, privateKey });
    const after = Math.floor(Date.now() / 1000);
    expect(first.nonceStr).toMatch(/^[0-9A-Za-z]{32}$/);
    expect(second.nonceStr).not.toBe(first.nonceStr);
    expect(first.timeStamp).toMatch(/^\d{10}$/);
    expect(Number(first.timeStamp)).toBeGreaterThanOrEqual(before);
    expect(Number(first.timeStamp)).toBeLessThanOrEqual(after);
    const message = `${APP_ID}\n${first.timeStamp}\n${first.nonceStr}\nprepay_id=${PREPAY_ID}\n`;
    expect(first.paySign).toBe(expectedSignature(message));
  });
});

describe('PayParams.miniProgram (wx.requestPayment, APIv3)', () => {
  it('returns the JSAPI fields without appId, which is still signed', () => {
    const params = PayParams.miniProgram({ appId: APP_ID, prepayId: PREPAY_ID, privateKey, nonce: NONCE, timestamp: TIME });
    expect(params).toStrictEqual({
      timeStamp: TIME,
      nonceStr: NONCE,
      package: `prepay_id=${PREPAY_ID}`,
      signType: 'RSA',
      paySign: expectedSignature(`wxd678efh567hg6787\n1414561699\n${NONCE}\nprepay_id=${PREPAY_ID}\n`),
    });
  });
});

describe('PayParams.app (APP SDK PayReq, APIv3)', () => {
  it('returns exactly the seven fields, sign over appid, timestamp, noncestr and prepayid, each followed by \\n', () => {
    const params = PayParams.app({
      appId: 'wx1234567890abcdef',
      partnerId: '1900000001',
      prepayId: PREPAY_ID,
      privateKey,
      nonce: NONCE,
      timestamp: TIME,
    });
    expect(params).toStrictEqual({
      appid: 'wx1234567890abcdef',
      partnerid: '1900000001',
      prepayid: PREPAY_ID,
      package: 'Sign=WXPay',
      noncestr: NONCE,
      timestamp: TIME,
      sign: expectedSignature(`wx1234567890abcdef\n1414561699\n${NONCE}\n${PREPAY_ID}\n`),
    });
    expect(Object.keys(params)).toEqual(['appid', 'partnerid', 'prepayid', 'package', 'noncestr', 'timestamp', 'sign']);
  });

  it('strips a prepay_id= prefix from the prepay id', () => {
    const params = PayParams.app({
      appId: APP_ID,
      partnerId: '1900000001',
      prepayId: `prepay_id=${PREPAY_ID}`,
      privateKey,
      nonce: NONCE,
      timestamp: TIME,
    });
    expect(params.prepayid).toBe(PREPAY_ID);
  });
});

describe('bad input to the APIv3 builders', () => {
  const good = { appId: APP_ID, prepayId: PREPAY_ID, privateKey, nonce: NONCE, timestamp: TIME };

  it.each([
    ['appId', { ...good, appId: undefined }, 'appId: is required'],
    ['appId', { ...good, appId: '' }, 'appId: is required'],
    ['prepayId', { ...good, prepayId: undefined }, 'prepayId: is required'],
    ['prepayId', { ...good, prepayId: 'prepay_id=' }, 'prepayId: is required'],
    ['prepayId', { ...good, prepayId: 'wx1\nx' }, "prepayId: must be a string of 1 to 64 letters, digits, '_', '-' or '.'"],
    ['appId', { ...good, appId: 42 }, "appId: must be a string of 1 to 64 letters, digits, '_', '-' or '.'"],
    ['privateKey', { ...good, privateKey: undefined }, 'privateKey: is required'],
    ['nonce', { ...good, nonce: 'A'.repeat(33) }, 'nonce: must be 1 to 32 letters or digits'],
    ['nonce', { ...good, nonce: 'abc\ndef' }, 'nonce: must be 1 to 32 letters or digits'],
    ['timestamp', { ...good, timestamp: 1414561699000 }, 'timestamp: must be whole seconds since the epoch (at most 10 digits; not milliseconds)'],
    ['timestamp', { ...good, timestamp: '1414561699.5' }, 'timestamp: must be whole seconds since the epoch (at most 10 digits; not milliseconds)'],
    [
      'prepay_id',
      { ...good, prepay_id: PREPAY_ID },
      'prepay_id: is not an option of PayParams.jsapi (known: appId, prepayId, privateKey, nonce, timestamp)',
    ],
  ])('refuses a bad %s with a ParameterError naming it', (parameter, input, message) => {
    const error = thrown(() => PayParams.jsapi(input as never));
    expect(error).toBeInstanceOf(ParameterError);
    expect(error).toMatchObject({ name: 'ParameterError', field: parameter, message });
  });

  it('names partnerId for APP and the options object when it is not one', () => {
    expect(thrown(() => PayParams.app({ appId: APP_ID, prepayId: PREPAY_ID, privateKey } as never))).toMatchObject({
      name: 'ParameterError',
      field: 'partnerId',
    });
    expect(thrown(() => PayParams.miniProgram(undefined as never))).toMatchObject({ name: 'ParameterError', field: 'options' });
  });

  it('refuses an unreadable key with a ConfigError that does not repeat it', () => {
    const broken = privateKey.replace(/[A-Za-z0-9+/]{20}\n/, '!!!!!!!!!!!!!!!!!!!!\n');
    const error = thrown(() => PayParams.jsapi({ ...good, privateKey: broken }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ name: 'ConfigError', field: 'privateKey' });
    const shown = `${String(error)} ${JSON.stringify(error)} ${String((error as Error).cause ?? '')}`;
    for (const line of privateKey.split('\n').filter((l) => l.length > 20)) expect(shown).not.toContain(line);
  });

  it('refuses a public key given as the private key', () => {
    expect(thrown(() => PayParams.app({ ...good, partnerId: '1900000001', privateKey: fixture('merchant-pub.pem') }))).toMatchObject({
      name: 'ConfigError',
      field: 'privateKey',
    });
  });
});

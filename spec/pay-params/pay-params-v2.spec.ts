import { createHash, createHmac, createSecretKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, ParameterError, PayParams } from 'wechatpay-ts';

// The sample APIv2 key of WeChat Pay's signature documentation.
const KEY = '192006250b4c09247ec02edce69f6a2d';
const APP_ID = 'wxd930ea5d5a258f4f';
const PREPAY_ID = 'wx201410272009395522657a690389285100';
const NONCE = 'ibuaiVcKdpRxkhJA';
const TIME = '1414561699';

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex').toUpperCase();
const hmac = (text: string) => createHmac('sha256', KEY).update(text, 'utf8').digest('hex').toUpperCase();

describe('PayParams.v2.jsapi', () => {
  it('signs appId, nonceStr, package, signType and timeStamp in byte order with &key= appended (MD5 by default)', () => {
    const params = PayParams.v2.jsapi({ appId: APP_ID, prepayId: PREPAY_ID, apiV2Key: KEY, nonce: NONCE, timestamp: TIME });
    const text = `appId=wxd930ea5d5a258f4f&nonceStr=ibuaiVcKdpRxkhJA&package=prepay_id=${PREPAY_ID}&signType=MD5&timeStamp=1414561699&key=${KEY}`;
    expect(params).toStrictEqual({
      appId: APP_ID,
      timeStamp: TIME,
      nonceStr: NONCE,
      package: `prepay_id=${PREPAY_ID}`,
      signType: 'MD5',
      paySign: md5(text),
    });
    expect(Object.keys(params)).toEqual(['appId', 'timeStamp', 'nonceStr', 'package', 'signType', 'paySign']);
  });

  it('signs with HMAC-SHA256 keyed by the APIv2 key, given as a secret KeyObject too', () => {
    const input = { appId: APP_ID, prepayId: `prepay_id=${PREPAY_ID}`, nonce: NONCE, timestamp: 1414561699, signType: 'HMAC-SHA256' } as const;
    const params = PayParams.v2.jsapi({ ...input, apiV2Key: KEY });
    const text = `appId=wxd930ea5d5a258f4f&nonceStr=ibuaiVcKdpRxkhJA&package=prepay_id=${PREPAY_ID}&signType=HMAC-SHA256&timeStamp=1414561699&key=${KEY}`;
    expect(params.signType).toBe('HMAC-SHA256');
    expect(params.paySign).toBe(hmac(text));
    expect(PayParams.v2.jsapi({ ...input, apiV2Key: createSecretKey(Buffer.from(KEY)) })).toStrictEqual(params);
  });
});

describe('PayParams.v2.miniProgram', () => {
  it('returns the JSAPI fields without appId, which is still signed', () => {
    const params = PayParams.v2.miniProgram({ appId: APP_ID, prepayId: PREPAY_ID, apiV2Key: KEY, nonce: NONCE, timestamp: TIME });
    expect(params).toStrictEqual({
      timeStamp: TIME,
      nonceStr: NONCE,
      package: `prepay_id=${PREPAY_ID}`,
      signType: 'MD5',
      paySign: md5(`appId=wxd930ea5d5a258f4f&nonceStr=ibuaiVcKdpRxkhJA&package=prepay_id=${PREPAY_ID}&signType=MD5&timeStamp=1414561699&key=${KEY}`),
    });
  });
});

describe('PayParams.v2.app', () => {
  const input = { appId: APP_ID, partnerId: '10000100', prepayId: PREPAY_ID, apiV2Key: KEY, nonce: NONCE, timestamp: TIME };
  const text = `appid=wxd930ea5d5a258f4f&noncestr=ibuaiVcKdpRxkhJA&package=Sign=WXPay&partnerid=10000100&prepayid=${PREPAY_ID}&timestamp=1414561699&key=${KEY}`;

  it('signs appid, noncestr, package, partnerid, prepayid and timestamp (MD5 by default)', () => {
    const params = PayParams.v2.app(input);
    expect(params).toStrictEqual({
      appid: APP_ID,
      partnerid: '10000100',
      prepayid: PREPAY_ID,
      package: 'Sign=WXPay',
      noncestr: NONCE,
      timestamp: TIME,
      sign: md5(text),
    });
    expect(Object.keys(params)).toEqual(['appid', 'partnerid', 'prepayid', 'package', 'noncestr', 'timestamp', 'sign']);
  });

  it('signs with HMAC-SHA256 when the order used it', () => {
    expect(PayParams.v2.app({ ...input, signType: 'HMAC-SHA256' }).sign).toBe(hmac(text));
  });
});

describe('bad input to the APIv2 builders', () => {
  const good = { appId: APP_ID, prepayId: PREPAY_ID, apiV2Key: KEY, nonce: NONCE, timestamp: TIME };
  const errorOf = (run: () => unknown): unknown => {
    try {
      run();
    } catch (error) {
      return error;
    }
    throw new Error('expected an error');
  };

  it('refuses a missing app id or prepay id, an unknown sign type, or the APIv3 key option', () => {
    expect(errorOf(() => PayParams.v2.jsapi({ ...good, appId: undefined } as never))).toMatchObject({
      name: 'ParameterError',
      field: 'appId',
      message: 'appId: is required',
    });
    expect(errorOf(() => PayParams.v2.app({ ...good, partnerId: '1', prepayId: '' }))).toMatchObject({ name: 'ParameterError', field: 'prepayId' });
    expect(errorOf(() => PayParams.v2.jsapi({ ...good, signType: 'SHA1' } as never))).toMatchObject({
      name: 'ParameterError',
      field: 'signType',
      message: "signType: must be 'MD5' or 'HMAC-SHA256'",
    });
    const error = errorOf(() => PayParams.v2.miniProgram({ ...good, privateKey: 'x' } as never));
    expect(error).toBeInstanceOf(ParameterError);
    expect(error).toMatchObject({
      field: 'privateKey',
      message: 'privateKey: is not an option of PayParams.v2.miniProgram (known: appId, prepayId, apiV2Key, signType, nonce, timestamp)',
    });
    expect(errorOf(() => PayParams.v2.jsapi({ ...good, apiV2Key: undefined } as never))).toMatchObject({ name: 'ParameterError', field: 'apiV2Key' });
  });

  it('refuses an APIv2 key of the wrong length with a ConfigError that does not show it', () => {
    const short = KEY.slice(0, 31);
    const error = errorOf(() => PayParams.v2.jsapi({ ...good, apiV2Key: short }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ field: 'apiV2Key', message: 'apiV2Key: must be 32 bytes long, got 31' });
    expect(`${String(error)} ${JSON.stringify(error)}`).not.toContain(short);
  });
});

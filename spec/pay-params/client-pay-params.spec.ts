import { sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Builder, ParameterError, PayParams } from 'wechatpay-ts';
import { MERCHANT_SERIAL, PUBLIC_KEY_ID, fixture } from '../support/fixtures.js';

const privateKey = fixture('merchant-key.pem');
const PREPAY_ID = 'wx201410272009395522657a690389285100';

function driver(extra: object = {}) {
  return Builder.factory({
    mchid: '1900000001',
    serial: MERCHANT_SERIAL,
    privateKey,
    certs: { [PUBLIC_KEY_ID]: fixture('platform-pub.pem') },
    ...extra,
  }).getDriver();
}

const expected = (message: string) => sign('sha256', Buffer.from(message, 'utf8'), privateKey).toString('base64');

describe("a client's payParams", () => {
  it("signs JSAPI parameters with the client's merchant key, nonce and time from the client's clock and nonce", () => {
    const payParams = driver({ clock: () => 1_414_561_699_999, nonce: () => 'NONCEFROMCLIENT0123456789abcdefg' }).payParams;
    expect(payParams.jsapi({ appId: 'wxd678efh567hg6787', prepayId: PREPAY_ID })).toStrictEqual({
      appId: 'wxd678efh567hg6787',
      timeStamp: '1414561699',
      nonceStr: 'NONCEFROMCLIENT0123456789abcdefg',
      package: `prepay_id=${PREPAY_ID}`,
      signType: 'RSA',
      paySign: expected(`wxd678efh567hg6787\n1414561699\nNONCEFROMCLIENT0123456789abcdefg\nprepay_id=${PREPAY_ID}\n`),
    });
  });

  it('gives the same result as the standalone builders for the same values', () => {
    const { payParams } = driver();
    const fixed = { appId: 'wxd678efh567hg6787', prepayId: PREPAY_ID, nonce: 'N1', timestamp: 1414561699 };
    expect(payParams.miniProgram(fixed)).toStrictEqual(PayParams.miniProgram({ ...fixed, privateKey }));
    expect(payParams.jsapi(fixed)).toStrictEqual(PayParams.jsapi({ ...fixed, privateKey }));
  });

  it("uses the client's mchid as APP partnerid unless a sub-merchant id is given", () => {
    const { payParams } = driver();
    const fixed = { appId: 'wx1234567890abcdef', prepayId: PREPAY_ID, nonce: 'N1', timestamp: '1414561699' };
    const own = payParams.app(fixed);
    expect(own.partnerid).toBe('1900000001');
    expect(own.sign).toBe(expected(`wx1234567890abcdef\n1414561699\nN1\n${PREPAY_ID}\n`));
    expect(payParams.app({ ...fixed, partnerId: '1900000109' })).toMatchObject({ partnerid: '1900000109', sign: own.sign });
  });

  it('refuses a key option and a missing prepay id, naming them', () => {
    const { payParams } = driver();
    expect(() => payParams.jsapi({ appId: 'wxd678efh567hg6787', prepayId: PREPAY_ID, privateKey } as never)).toThrow(
      new ParameterError('privateKey', 'is not an option of payParams.jsapi (known: appId, prepayId, nonce, timestamp)'),
    );
    expect(() => payParams.app({ appId: 'wx1234567890abcdef' } as never)).toThrow(
      expect.objectContaining({ name: 'ParameterError', field: 'prepayId' }),
    );
  });

  it('keeps the key out of what the client shows', () => {
    const shown = JSON.stringify(driver()) + JSON.stringify(driver().payParams);
    expect(shown).not.toContain(privateKey.split('\n')[1]);
  });
});

import { describe, expect, it } from 'vitest';
import { NotificationError, ParameterError, V2Notification, VerificationError } from 'wechatpay-ts';
import { independentSign, plainXml } from '../support/v2-capture.js';

const SECRET = '192006250b4c09247ec02edce69f6a2d';
const PAID = {
  appid: 'wx2421b1c4370ec43b',
  bank_type: 'CFT',
  fee_type: 'CNY',
  is_subscribe: 'Y',
  mch_id: '10000100',
  nonce_str: '5d2b6c2a8db53831f7eda20af46e531c',
  openid: 'oUpF8uMEb4qRXf22hE3X68TekukE',
  out_trade_no: '1409811653',
  result_code: 'SUCCESS',
  return_code: 'SUCCESS',
  time_end: '20140903131540',
  total_fee: '1',
  coupon_fee: '10',
  coupon_count: '1',
  coupon_type_0: 'CASH',
  coupon_id_0: '10000',
  trade_type: 'JSAPI',
  transaction_id: '1004400740201409030005092168',
};
const CHECKED = {
  mch_id: '10000100',
  appid: 'wx2421b1c4370ec43b',
  algorithm: 'HMAC-SHA256',
  nonce_str: 'TeqClE3i0mvn3DrK',
  event_id: 'E1',
  event_create_time: '20240101120000',
  event_type: 'CHECK.SUCCESS',
  event_algorithm: 'AEAD_AES_256_GCM',
  event_nonce: 'n0nce',
  event_ciphertext: 'Y2lwaGVy',
};

/** A callback signed as WeChat Pay signs it, by the spec's own signer (not the package's). */
function signed(payload: Record<string, string>, type: 'MD5' | 'HMAC-SHA256' = 'MD5'): string {
  return plainXml({ ...payload, sign: independentSign(payload, SECRET, type) });
}

describe('V2Notification.payment and V2Notification.verify: signed APIv2 callbacks', () => {
  it('a payment result signed with MD5: its XML fields', () => {
    const paid = V2Notification.payment(signed(PAID), { secret: SECRET, mchid: '10000100' });
    expect(paid).toEqual({ ...PAID, sign: independentSign(PAID, SECRET) });
    expect(paid.coupon_id_0).toBe('10000');
  });

  it('HMAC-SHA256 when sign_type or algorithm says so', () => {
    expect(
      V2Notification.verify('transaction-success', signed({ ...PAID, sign_type: 'HMAC-SHA256' }, 'HMAC-SHA256'), { secret: SECRET }).out_trade_no,
    ).toBe('1409811653');
    expect(V2Notification.verify('CHECK.SUCCESS', signed(CHECKED, 'HMAC-SHA256'), { secret: SECRET, mchid: '10000100' }).event_ciphertext).toBe(
      'Y2lwaGVy',
    );
    // The same callback signed with MD5 although it names HMAC-SHA256: refused.
    expect(() => V2Notification.verify('CHECK.SUCCESS', signed(CHECKED, 'MD5'), { secret: SECRET })).toThrow(VerificationError);
  });

  it('a bad sign, a missing sign, another key: VerificationError', () => {
    const forged = signed(PAID).replace('<total_fee>1<', '<total_fee>100<');
    expect(() => V2Notification.payment(forged, { secret: SECRET })).toThrow(VerificationError);
    expect(() => V2Notification.payment(plainXml(PAID), { secret: SECRET })).toThrow(
      expect.objectContaining({ name: 'VerificationError', message: 'the transaction-success notification carries no sign' }),
    );
    expect(() => V2Notification.payment(signed(PAID), { secret: 'x'.repeat(32) })).toThrow(VerificationError);
  });

  it('a failed return_code, another merchant, another event_type, hostile XML: NotificationError', () => {
    expect(() => V2Notification.payment(signed({ ...PAID, return_code: 'FAIL' }), { secret: SECRET })).toThrow(
      expect.objectContaining({ reason: 'resource' }),
    );
    expect(() => V2Notification.payment(signed(PAID), { secret: SECRET, mchid: '1900000001' })).toThrow(
      expect.objectContaining({ message: 'the transaction-success notification is for mch_id 10000100, not 1900000001' }),
    );
    const combined = {
      combine_appid: 'wx1',
      combine_mch_id: '10000100',
      combine_out_trade_no: 'C1',
      nonce_str: 'n',
      return_code: 'SUCCESS',
      result_code: 'SUCCESS',
      trade_type: 'JSAPI',
      sign_type: 'MD5',
      sub_order_list: '{}',
    };
    expect(V2Notification.verify('combined-transactions-success', signed(combined), { secret: SECRET, mchid: '10000100' }).combine_out_trade_no).toBe(
      'C1',
    );
    expect(() => V2Notification.verify('CHECK.FAIL', signed(CHECKED, 'HMAC-SHA256'), { secret: SECRET })).toThrow(
      expect.objectContaining({ reason: 'resource', message: 'the CHECK.FAIL notification has event_type CHECK.SUCCESS' }),
    );
    expect(() => V2Notification.payment('<!DOCTYPE x [<!ENTITY a "b">]><xml><a>&a;</a></xml>', { secret: SECRET })).toThrow(
      expect.objectContaining({ reason: 'body' }),
    );
    expect(() => V2Notification.payment(signed(PAID), { secret: SECRET })).not.toThrow(NotificationError);
  });

  it('bad input: the refund event (read with refund()), no event name, a bad key', () => {
    expect(() => V2Notification.verify('refund-processed' as never, signed(PAID), { secret: SECRET })).toThrow(ParameterError);
    expect(() => V2Notification.verify('' as never, signed(PAID), { secret: SECRET })).toThrow(
      expect.objectContaining({ name: 'ParameterError', message: expect.stringContaining('event') }),
    );
    expect(() => V2Notification.payment(signed(PAID), { secret: 'short' })).toThrow(expect.objectContaining({ name: 'ConfigError' }));
  });
});

import { createCipheriv, createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { NotificationError, V2Notification, VerificationError } from 'wechatpay-ts';
import { independentSign, plainXml } from '../support/v2-capture.js';

const SECRET = '192006250b4c09247ec02edce69f6a2d';
const REFUND =
  '<root><out_refund_no><![CDATA[R1415757673]]></out_refund_no><refund_id>50000000002026112700000000001</refund_id><refund_status>SUCCESS</refund_status><settlement_refund_fee>1</settlement_refund_fee></root>';

/** req_info as WeChat Pay makes it, with node:crypto alone: AES-256-ECB under the lowercase MD5 hex of the key. */
function reqInfo(plaintext: string, secret = SECRET): string {
  const key = Buffer.from(createHash('md5').update(secret).digest('hex'), 'ascii');
  const cipher = createCipheriv('aes-256-ecb', key, null);
  return Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64');
}

function notification(fields: Record<string, string> = {}, signed = true): string {
  const payload = {
    return_code: 'SUCCESS',
    appid: 'wxd930ea5d5a258f4f',
    mch_id: '10000100',
    nonce_str: 'TeqClE3i0mvn3DrK',
    req_info: reqInfo(REFUND),
    ...fields,
  };
  return plainXml(signed ? { ...payload, sign: independentSign(payload, SECRET) } : payload);
}

describe('V2Notification.refund: verify and decrypt in one call', () => {
  it('a signed notification: its fields and the decrypted refund', () => {
    const read = V2Notification.refund(notification(), { secret: SECRET, mchid: '10000100' });
    expect(read.payload.appid).toBe('wxd930ea5d5a258f4f');
    expect(read.refund).toEqual({
      out_refund_no: 'R1415757673',
      refund_id: '50000000002026112700000000001',
      refund_status: 'SUCCESS',
      settlement_refund_fee: '1',
    });
  });

  it('an unsigned one (as WeChat Pay sends them) is read, unless requireSign', () => {
    expect(V2Notification.refund(notification({}, false), { secret: SECRET }).refund.refund_status).toBe('SUCCESS');
    expect(() => V2Notification.refund(notification({}, false), { secret: SECRET, requireSign: true })).toThrow(VerificationError);
  });

  it('a bad sign: VerificationError', () => {
    const forged = notification().replace('<nonce_str>TeqClE3i0mvn3DrK<', '<nonce_str>changed<');
    expect(() => V2Notification.refund(forged, { secret: SECRET })).toThrow(VerificationError);
  });

  it('req_info under another key: NotificationError (decryption)', () => {
    const other = notification({ req_info: reqInfo(REFUND, 'x'.repeat(32)) }, false);
    expect(() => V2Notification.refund(other, { secret: SECRET })).toThrow(expect.objectContaining({ reason: 'decryption' }));
  });

  it('another merchant, hostile XML: NotificationError', () => {
    expect(() => V2Notification.refund(notification(), { secret: SECRET, mchid: '1900000001' })).toThrow(NotificationError);
    expect(() => V2Notification.refund('<!DOCTYPE x [<!ENTITY a "b">]><xml><a>&a;</a></xml>', { secret: SECRET })).toThrow(
      expect.objectContaining({ reason: 'body' }),
    );
  });

  it.each([
    ['30,000 nested elements', `<xml>${'<a>'.repeat(30_000)}${'</a>'.repeat(30_000)}</xml>`],
    ['an element named __proto__', '<xml><return_code>SUCCESS</return_code><__proto__>x</__proto__></xml>'],
    ['an element named constructor', '<xml><return_code>SUCCESS</return_code><constructor>x</constructor></xml>'],
  ])("%s: NotificationError (body), the parser's own refusal", (_, body) => {
    expect(() => V2Notification.refund(body, { secret: SECRET })).toThrow(
      expect.objectContaining({ name: 'NotificationError', code: 'ERR_NOTIFICATION_BODY', reason: 'body' }),
    );
  });

  it('a decrypted req_info the parser refuses: NotificationError (resource)', () => {
    const hostile = notification({ req_info: reqInfo('<root><__proto__>x</__proto__></root>') }, false);
    expect(() => V2Notification.refund(hostile, { secret: SECRET })).toThrow(
      expect.objectContaining({ name: 'NotificationError', code: 'ERR_NOTIFICATION_RESOURCE' }),
    );
  });

  it('a body that is no text or bytes, options that are no object or hold a typo: NotificationError, ConfigError', () => {
    expect(() => V2Notification.refund(undefined as never, { secret: SECRET })).toThrow(
      expect.objectContaining({ name: 'NotificationError', code: 'ERR_NOTIFICATION_BODY' }),
    );
    expect(() => V2Notification.refund(notification(), undefined as never)).toThrow(
      expect.objectContaining({ name: 'ConfigError', field: 'options' }),
    );
    expect(() => V2Notification.refund(notification(), { secret: SECRET, requireSing: true } as never)).toThrow(
      expect.objectContaining({
        name: 'ConfigError',
        field: 'requireSing',
        message: expect.stringMatching(
          /^requireSing: is not an option of V2Notification.refund \(did you mean requireSign\?\); known options: secret, mchid, requireSign$/,
        ),
      }),
    );
  });

  it('the XML answers', () => {
    expect(V2Notification.success()).toBe('<xml><return_code>SUCCESS</return_code><return_msg>OK</return_msg></xml>');
    expect(V2Notification.fail('参数格式校验错误')).toBe(
      '<xml><return_code>FAIL</return_code><return_msg><![CDATA[参数格式校验错误]]></return_msg></xml>',
    );
  });
});

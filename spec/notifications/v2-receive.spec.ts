import { createCipheriv, createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, memoryStore, V2Notification } from 'wechatpay-ts';
import { independentSign, plainXml } from '../support/v2-capture.js';
import { failingStore } from '../support/failing-store.js';

const SECRET = '192006250b4c09247ec02edce69f6a2d';
const PAID = {
  appid: 'wx2421b1c4370ec43b',
  mch_id: '10000100',
  nonce_str: '5d2b6c2a8db53831f7eda20af46e531c',
  openid: 'oUpF8uMEb4qRXf22hE3X68TekukE',
  out_trade_no: '1409811653',
  result_code: 'SUCCESS',
  return_code: 'SUCCESS',
  total_fee: '1',
  trade_type: 'JSAPI',
  transaction_id: '1004400740201409030005092168',
};
const signed = (payload: Record<string, string>) => plainXml({ ...payload, sign: independentSign(payload, SECRET) });

/** req_info as WeChat Pay makes it, with node:crypto alone: AES-256-ECB under the lowercase MD5 hex of the key. */
function refund(status: string): string {
  const plaintext = `<root><out_refund_no>R1</out_refund_no><refund_id>5000000000202611270000000000${status.length}</refund_id><refund_status>${status}</refund_status></root>`;
  const key = Buffer.from(createHash('md5').update(SECRET).digest('hex'), 'ascii');
  const cipher = createCipheriv('aes-256-ecb', key, null);
  const req_info = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64');
  return plainXml({ return_code: 'SUCCESS', appid: 'wxd930ea5d5a258f4f', mch_id: '10000100', nonce_str: 'TeqClE3i0mvn3DrK', req_info });
}

const SUCCESS = { status: 200, body: '<xml><return_code>SUCCESS</return_code><return_msg>OK</return_msg></xml>' };
const fail = (status: number, message: string) => ({
  status,
  body: `<xml><return_code>FAIL</return_code><return_msg><![CDATA[${message}]]></return_msg></xml>`,
});

describe('V2Notification.receive: APIv2 callbacks handled once', () => {
  it('runs the handler once for a payment result, by transaction_id, and answers every delivery SUCCESS', async () => {
    const store = memoryStore();
    const seen: string[] = [];
    const receive = (body: string) =>
      V2Notification.receive('transaction-success', body, { secret: SECRET, store }, (paid) => void seen.push(paid.out_trade_no));
    expect(await receive(signed(PAID))).toMatchObject(SUCCESS);
    // A retry with another nonce_str is another sign, but the same payment.
    expect(await receive(signed({ ...PAID, nonce_str: 'another' }))).toMatchObject(SUCCESS);
    expect(seen).toEqual(['1409811653']);
  });

  it('answers 503 FAIL to a duplicate while the first is handled, and runs the retry of a failed one', async () => {
    const store = memoryStore();
    let runs = 0;
    let release!: (error?: Error) => void;
    const held = new Promise<void>((resolve, reject) => (release = (error) => (error ? reject(error) : resolve())));
    const receive = (handler: () => unknown) =>
      V2Notification.receive('transaction-success', signed(PAID), { secret: SECRET, store, onError: () => undefined }, () => {
        runs++;
        return handler();
      });
    const first = receive(() => held);
    await new Promise((resolve) => setImmediate(resolve));
    expect(await receive(() => undefined)).toMatchObject(fail(503, 'the notification is being processed; send it again later'));
    release(new Error('database down'));
    expect(await first).toMatchObject(fail(500, 'the notification could not be processed'));
    expect(await receive(() => undefined)).toMatchObject(SUCCESS);
    expect(runs).toBe(2);
  });

  it('runs the handler once per refund and status, with req_info decrypted', async () => {
    const store = memoryStore();
    const seen: string[] = [];
    const receive = (body: string) =>
      V2Notification.receive('refund-processed', body, { secret: SECRET, store }, (read) => void seen.push(read.refund.refund_status));
    for (const body of [refund('SUCCESS'), refund('SUCCESS'), refund('CHANGE')]) expect(await receive(body)).toMatchObject(SUCCESS);
    expect(seen).toEqual(['SUCCESS', 'CHANGE']);
  });

  it('answers a callback that fails its sign 400 FAIL, without running the handler', async () => {
    const errors: unknown[] = [];
    let runs = 0;
    const forged = signed(PAID).replace('<total_fee>1</total_fee>', '<total_fee>100</total_fee>');
    const reply = await V2Notification.receive(
      'transaction-success',
      forged,
      { secret: SECRET, store: memoryStore(), onError: (e) => void errors.push(e) },
      () => runs++,
    );
    expect(reply).toMatchObject(fail(400, 'signature verification failed'));
    expect(runs).toBe(0);
    expect(errors).toEqual([expect.objectContaining({ name: 'VerificationError' })]);
  });

  it('answers 500 FAIL without running the handler when the store fails', async () => {
    const down = new Error('store unreachable');
    const failing = failingStore(down);
    let runs = 0;
    const errors: unknown[] = [];
    const reply = await V2Notification.receive(
      'transaction-success',
      signed(PAID),
      { secret: SECRET, store: failing, onError: (e) => void errors.push(e) },
      () => runs++,
    );
    expect(reply).toMatchObject(fail(500, 'the notification could not be processed'));
    expect([runs, errors]).toEqual([0, [down]]);
  });

  it.each([
    [{ secret: SECRET, store: {} }, 'store'],
    [{ secret: SECRET, stor: memoryStore() }, 'stor'],
    [{ secret: 'short' }, 'secret'],
  ])('rejects %o with a ConfigError naming %s, running nothing', async (options, field) => {
    let runs = 0;
    const error = await V2Notification.receive('transaction-success', signed(PAID), options as never, () => runs++).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ field });
    expect(runs).toBe(0);
  });
});

import { generateKeyPairSync } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { Notification, Rsa, VerificationError } from 'wechatpay-ts';
import { handSigned } from '../support/hand-signed-callback.js';
import { thrown } from '../support/failures.js';
import { notifyReceiver } from '../support/notify-receiver.js';

const SERIAL = 'PUB_KEY_ID_0114232134912410000000000000';
const API_V3_KEY = 'Kt8wZP3x7Yv5QeRfT2gH9jLmN4bC6dA1';
const rsa2048 = generateKeyPairSync('rsa', { modulusLength: 2048 });
const rsa3072 = generateKeyPairSync('rsa', { modulusLength: 3072 });
const notification = new Notification({ apiV3Key: API_V3_KEY, certs: { [SERIAL]: rsa2048.publicKey } });
const signed = () => handSigned({ privateKey: rsa2048.privateKey, serial: SERIAL, apiV3Key: API_V3_KEY });

/** The headers of a callback, with a second `Wechatpay-Signature` appended (as a server joins repeated fields). */
function twice(headers: Record<string, string>, second: string): Headers {
  const joined = new Headers(headers);
  joined.append('Wechatpay-Signature', second);
  return joined;
}

describe('the Wechatpay-Signature of a callback', () => {
  it.each([
    ['twice (valid, then junk)', (headers: Record<string, string>) => twice(headers, 'junk')],
    ['twice (valid, then valid again)', (headers: Record<string, string>) => twice(headers, headers['Wechatpay-Signature']!)],
    [
      'with junk after the padding',
      (headers: Record<string, string>) => ({ ...headers, 'Wechatpay-Signature': `${headers['Wechatpay-Signature']}AAAA` }),
    ],
    [
      'with a second value in a header array',
      (headers: Record<string, string>) => ({
        ...headers,
        'wechatpay-signature': [headers['Wechatpay-Signature']!, 'junk'],
        'Wechatpay-Signature': undefined,
      }),
    ],
  ])('is refused when it comes %s', (_, make) => {
    const { body, headers } = signed();
    const error = thrown(() => notification.verify({ body, headers: make(headers) as never }));
    expect(error).toBeInstanceOf(VerificationError);
    expect(error).toMatchObject({ check: 'signature', message: expect.stringMatching(/one base64 value of 256 bytes \(344 characters\)/) });
  });

  it("takes its size from the key's modulus (RSA-3072: 384 bytes, 512 characters)", () => {
    const wide = new Notification({ apiV3Key: API_V3_KEY, certs: { [SERIAL]: rsa3072.publicKey } });
    const { body, headers } = handSigned({ privateKey: rsa3072.privateKey, serial: SERIAL, apiV3Key: API_V3_KEY });
    expect(headers['Wechatpay-Signature']).toHaveLength(512);
    expect(wide.verify({ body, headers }).event_type).toBe('TRANSACTION.SUCCESS');
    const error = thrown(() => wide.verify({ body, headers: { ...headers, 'Wechatpay-Signature': `${headers['Wechatpay-Signature']}AAAA` } }));
    expect(error).toMatchObject({ name: 'VerificationError', check: 'signature', message: expect.stringMatching(/384 bytes \(512 characters\)/) });
  });

  it('is refused by Rsa.verify too, the same function underneath', () => {
    const message = 'GET\n/v3/certificates\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n\n';
    const signature = Rsa.sign(message, rsa2048.privateKey);
    expect(Rsa.verify(message, signature, rsa2048.publicKey)).toBe(true);
    expect(Rsa.verify(message, `${signature}, junk`, rsa2048.publicKey)).toBe(false);
    expect(Rsa.verify(message, `${signature}AAAA`, rsa2048.publicKey)).toBe(false);
    expect(Rsa.verify(message, signature.replace(/=+$/, ''), rsa2048.publicKey)).toBe(false);
  });
});

describe('a callback with two Wechatpay-Signature header lines, over HTTP', () => {
  const receiver = notifyReceiver();
  const errors: unknown[] = [];
  const handled: unknown[] = [];

  it('is answered 401 by the node handler, and the handler never runs', async () => {
    const url = receiver.route(
      '/notify',
      notification.nodeHandler((event) => void handled.push(event), { onError: (error) => void errors.push(error) }),
    );
    const { body, headers } = signed();
    const status = await new Promise<number>((resolve, reject) => {
      // An array value sends the field twice, as a hostile sender would.
      const lines = { ...headers, 'Wechatpay-Signature': [headers['Wechatpay-Signature']!, 'junk'] };
      const req = httpRequest(url, { method: 'POST', headers: { ...lines, 'Content-Length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end(body);
    });
    expect(status).toBe(401);
    expect(handled).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ name: 'VerificationError', check: 'signature' });
  });
});

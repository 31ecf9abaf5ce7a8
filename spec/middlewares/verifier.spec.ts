import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ApiError, VerificationError, verifier, type CallOptions, type WechatpayRequest, type WechatpayResponse } from 'wechatpay-ts';
import { PLATFORM_CERT_SERIAL, fixture, fixtureUrl } from '../support/fixtures.js';
import { ORDER, SEED, simulated } from '../support/simulated.js';
import { rejection } from '../support/failures.js';

type Mode = 'sync' | 'async';
const MODES: Mode[] = ['sync', 'async'];

/** A completion in the given mode, with simulator faults requested through the fault header. */
async function complete(env: ReturnType<typeof simulated>, mode: Mode, fault?: string, extra: CallOptions = {}): Promise<WechatpayResponse> {
  const options = { out_order_no: `V${Math.random().toString(36).slice(2, 10)}`, json: ORDER, ...extra };
  if (fault) options.headers = { 'Wechatpay-Simulator-Fault': fault };
  // Untyped: `extra` is any CallOptions.
  const node = env.untyped.chain(SEED);
  return mode === 'sync' ? node.post(options) : node.postAsync(options);
}

describe('the verifier, with a public key id (bare public key)', () => {
  const env = simulated();

  describe.each(MODES)('%s calls', (mode) => {
    it('hands out a response signed by the platform key', async () => {
      const response = await complete(env, mode);
      expect(response.status).toBe(200);
      expect(response.json()).toMatchObject({ mchid: '1900000001', service_id: '500001' });
    });

    it.each([
      ['tamper-body', 'signature', /signature does not match/],
      ['probe', 'signature', /WECHATPAY\/SIGNTEST\//],
      ['unknown-serial', 'serial', /no platform key is configured for Wechatpay-Serial PUB_KEY_ID_0000000000000000000000000000/],
      ['skew=301', 'timestamp', /not within 300 s/],
      ['skew=-301', 'timestamp', /not within 300 s/],
      ['drop-header=Wechatpay-Timestamp', 'headers', /lacks Wechatpay-Timestamp$/],
      ['drop-header=Wechatpay-Nonce', 'headers', /lacks Wechatpay-Nonce$/],
      ['drop-header=Wechatpay-Signature', 'headers', /lacks Wechatpay-Signature$/],
      ['drop-header=Wechatpay-Serial', 'headers', /lacks Wechatpay-Serial$/],
    ])('refuses %s with a VerificationError (%s)', async (fault, check, message) => {
      const error = await rejection(complete(env, mode, fault));
      expect(error).toBeInstanceOf(VerificationError);
      expect(error).toMatchObject({ name: 'VerificationError', reason: check, status: 200, code: `ERR_VERIFICATION_${check.toUpperCase()}` });
      expect((error as VerificationError).requestId).toMatch(/^[0-9A-F]{32}$/);
      expect((error as Error).message).toMatch(message);
      expect(error).not.toHaveProperty('response');
    });

    it.each(['skew=300', 'skew=-300'])('accepts %s (the window is 300 s inclusive)', async (fault) => {
      for (let attempt = 1; ; attempt++) {
        const second = Math.floor(Date.now() / 1000);
        const outcome = await complete(env, mode, fault).then(
          (response) => response.status,
          (error: unknown) => error,
        );
        // A second that ticks between the simulator's signing and the check moves the skew by one: only then, try again.
        if (outcome === 200 || Math.floor(Date.now() / 1000) === second || attempt === 3) {
          expect(outcome).toBe(200);
          break;
        }
      }
    });

    it('verifies a signed error answer, then raises ApiError with its code', async () => {
      const error = await rejection(complete(env, mode, 'status=500'));
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ status: 500, code: 'SYSTEM_ERROR', verified: true });
      // Tampered, it is still the error it is, but no longer WeChat Pay's word.
      const tampered = await rejection(complete(env, mode, 'status=500,tamper-body'));
      expect(tampered).toBeInstanceOf(ApiError);
      // (the simulator's tampering renames the body's first key, so the claim keeps only its message)
      expect(tampered).toMatchObject({ status: 500, code: 'HTTP_500', verified: false, unverified: { message: expect.any(String) } });
      expect((tampered as Error).cause).toMatchObject({ name: 'VerificationError', reason: 'signature', status: 500 });
    });

    it('raises ApiError HTTP_<status> for an unsigned error answer, its claim kept apart', async () => {
      const error = await rejection(complete(env, mode, 'status=502,drop-header=Wechatpay-Signature'));
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ status: 502, code: 'HTTP_502', verified: false, unverified: { code: 'SYSTEM_ERROR' } });
    });
  });
});

describe('the verifier, with a platform certificate', () => {
  const platform = { serial: PLATFORM_CERT_SERIAL, privateKey: fixture('platform-key.pem') };

  describe.each([
    ['an X.509 certificate (PEM)', fixture('platform-cert.pem')],
    ['an X.509 certificate (file:// URL)', fixtureUrl('platform-cert.pem')],
    ['an SPKI public key', fixture('platform-pub.pem')],
    ['a PKCS#1 RSA PUBLIC KEY', fixture('platform-pub-pkcs1.pem')],
  ])('given %s', (_, key) => {
    const env = simulated({ platform }, { certs: { [PLATFORM_CERT_SERIAL]: key } });
    it.each(MODES)('verifies %s answers', async (mode) => {
      expect((await complete(env, mode)).status).toBe(200);
      expect(await rejection(complete(env, mode, 'tamper-body'))).toBeInstanceOf(VerificationError);
    });
  });

  describe('given another key under the same serial', () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    const env = simulated({ platform }, { certs: { [PLATFORM_CERT_SERIAL]: other } });
    it.each(MODES)('refuses %s answers', async (mode) => {
      expect(await rejection(complete(env, mode))).toMatchObject({ name: 'VerificationError', reason: 'signature' });
    });
  });
});

describe('a request WeChat Pay cannot verify', () => {
  const wrong = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const env = simulated({}, { privateKey: wrong });

  it.each(MODES)('gives a %s ApiError SIGN_ERROR carrying sign_information', async (mode) => {
    const error = await rejection(complete(env, mode));
    expect(error).toBeInstanceOf(ApiError);
    const apiError = error as ApiError;
    expect(apiError).toMatchObject({ status: 401, code: 'SIGN_ERROR' });
    expect(apiError.detail).toMatchObject({ sign_information: { method: 'POST', url: expect.stringMatching(/^\/v3\/payscore\//) } });
    expect(apiError.requestId).toBe(apiError.response.headers.get('Request-ID'));
  });

  it('never shows the request signature in the error', async () => {
    const error = await rejection(complete(env, 'async'));
    const sent = (await env.simulator.received()).at(-1)!.headers.authorization!;
    const signature = /signature="([^"]+)"/.exec(sent)![1]!;
    expect(inspect(error, { depth: 10 })).not.toContain(signature);
    expect(JSON.stringify(error)).not.toContain(signature);
  });
});

describe('the verifier skip rule (for endpoints that answer unsigned files)', () => {
  const env = simulated();
  const unsigned = { 'Wechatpay-Simulator-Fault': 'drop-header=Wechatpay-Signature' };

  it.each(MODES)('hands out the unsigned 2xx answers it covers, and nothing else (%s)', async (mode) => {
    const { instance, simulator } = env;
    const keys = new Map([[simulator.platform.serial, createPublicKey(simulator.platform.publicKey)]]);
    const skip = (request: WechatpayRequest) => request.url.pathname.startsWith('/v3/payscore/smartretail-orders/FILE');
    const stack = instance.getDriver().stack;
    stack.after('verifier', verifier({ keys, skip }), 'file-verifier').remove('verifier');
    try {
      const call = (out_order_no: string) => {
        const node = instance.chain(SEED);
        const options = { out_order_no, json: ORDER, headers: unsigned };
        return mode === 'sync' ? node.post(options) : node.postAsync(options);
      };
      expect((await call('FILE1')).status).toBe(200);
      expect(await rejection((async () => call('OTHER1'))())).toMatchObject({ name: 'VerificationError', reason: 'headers' });
      // a skipped endpoint's error answer is still an error
      const options = { out_order_no: 'FILE2', json: ORDER, headers: { 'Wechatpay-Simulator-Fault': 'status=500,drop-header=Wechatpay-Signature' } };
      const error = await rejection((async () => (mode === 'sync' ? instance.chain(SEED).post(options) : instance.chain(SEED).postAsync(options)))());
      expect(error).toMatchObject({ name: 'ApiError', status: 500 });
    } finally {
      stack.after('file-verifier', verifier({ keys }), 'verifier').remove('file-verifier');
    }
  });
});

describe("the client's clock option", () => {
  // 250 s ahead: the simulator still accepts the request's timestamp (its own window is 300 s too).
  const env = simulated({}, { clock: () => Date.now() + 250_000 });

  it.each(MODES)('moves the 300 s window of the verifier with it (%s)', async (mode) => {
    // 500 s ahead of real time is 250 s from this clock: inside its window, outside the real one.
    expect((await complete(env, mode, 'skew=500')).status).toBe(200);
    // 100 s behind real time is 350 s from this clock: inside the real window, outside its one.
    expect(await rejection(complete(env, mode, 'skew=-100'))).toMatchObject({ name: 'VerificationError', check: 'timestamp' });
  });
});

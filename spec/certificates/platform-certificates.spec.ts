import { describe, expect, it } from 'vitest';
import { ApiError, Builder, TransportError, VerificationError, WechatpayError, type Wechatpay } from 'wechatpay-ts';
import { startSimulator, type Simulator } from 'wechatpay-ts/simulator';
import { fixture, fixtureUrl } from '../support/fixtures.js';
import { ORDER, SEED } from '../support/simulated.js';
import { failure } from '../support/failures.js';

/** Platform certificates made by spec/fixtures/generate-certificates.sh with fixed validity windows. */
const A = {
  serial: '6B1F2E3D4C5B6A79808F9E0D1C2B3A4958677685',
  privateKey: fixture('platform-a-key.pem'),
  certificate: fixture('platform-a-cert.pem'),
};
const B = {
  serial: '7C2A3B4C5D6E7F8091A2B3C4D5E6F708192A3B4C',
  privateKey: fixture('platform-b-key.pem'),
  certificate: fixtureUrl('platform-b-cert.pem'),
};
const X = {
  serial: '0A1B2C3D4E5F60718293A4B5C6D7E8F901234567',
  privateKey: fixture('platform-x-key.pem'),
  certificate: fixture('platform-x-cert.pem'),
};

type Mode = 'sync' | 'async';

async function complete(instance: Wechatpay, mode: Mode, out_order_no: string) {
  const node = instance.chain(SEED);
  return mode === 'sync' ? node.post({ out_order_no, json: ORDER }) : node.postAsync({ out_order_no, json: ORDER });
}

/** A simulator in a worker (sync calls block this thread) and a client that downloads certificates from it. */
async function setUp(platform = A, options: { interval?: number; onError?: (error: unknown) => void; apiV3Key?: string } = {}) {
  const simulator = await startSimulator({ worker: true, platform });
  const { interval, onError } = options;
  const instance = Builder.factory({
    ...simulator.config,
    certs: {},
    apiV3Key: options.apiV3Key ?? simulator.apiV3Key,
    platformCertificates: { interval, onError, retryAfter: 60_000 },
  });
  const close = async () => {
    await instance.getDriver().close();
    await simulator.close();
  };
  return { simulator, instance, close, held: () => instance.getDriver().certificates!.certificates.map((c) => c.serial) };
}

describe.each<Mode>(['sync', 'async'])('platform certificates downloaded and refreshed (%s calls)', (mode) => {
  it('bootstraps from nothing: the first answer names an unknown serial, the listing is fetched and verified', async () => {
    const { instance, simulator, close, held } = await setUp();
    try {
      expect((await complete(instance, mode, 'C1')).status).toBe(200);
      expect(held()).toEqual([A.serial]);
      const sent = (await simulator.received()).map((r) => `${r.method} ${r.target} ${r.headers['wechatpay-serial'] ?? '-'}`);
      expect(sent).toEqual([`POST /v3/payscore/smartretail-orders/C1/complete -`, 'GET /v3/certificates -']);
      // Known now: the next call asks WeChat Pay to sign with it.
      await complete(instance, mode, 'C2');
      expect((await simulator.received()).at(-1)!.headers['wechatpay-serial']).toBe(A.serial);
    } finally {
      await close();
    }
  });

  it('adds the successor when WeChat Pay rotates, prefers it, and keeps the old one while it is valid', async () => {
    const { instance, simulator, close, held } = await setUp();
    try {
      await complete(instance, mode, 'R1');
      await simulator.rotate(B);
      expect((await complete(instance, mode, 'R2')).status).toBe(200);
      expect(held()).toEqual([A.serial, B.serial]);
      await complete(instance, mode, 'R3');
      expect((await simulator.received()).at(-1)!.headers['wechatpay-serial']).toBe(B.serial);
      // WeChat Pay stops listing the old certificate: it is still valid until 2099, so it stays.
      await simulator.retire(A.serial);
      mode === 'sync' ? instance.getDriver().certificates!.refresh() : await instance.getDriver().certificates!.refreshAsync();
      expect(held()).toEqual([A.serial, B.serial]);
    } finally {
      await close();
    }
  });

  it('never trusts an expired certificate', async () => {
    const reported: unknown[] = [];
    const { instance, simulator, close, held } = await setUp(A, { onError: (error) => reported.push(error) });
    try {
      await complete(instance, mode, 'E1');
      await simulator.rotate(X);
      const error = await failure(() => complete(instance, mode, 'E2'));
      expect(error).toBeInstanceOf(VerificationError);
      expect(error).toMatchObject({ reason: 'serial' });
      expect(held()).toEqual([A.serial]);
      // the listing itself was signed with the expired key: the refresh could not trust it
      expect(reported).toEqual([expect.objectContaining({ name: 'VerificationError', reason: 'serial' })]);
    } finally {
      await close();
    }
  });
});

describe('refresh failures', () => {
  it('keep the old keys, are reported once per serial, and fail only the call that needed the new key', async () => {
    const reported: unknown[] = [];
    const { instance, simulator, close, held } = await setUp(A, { onError: (error) => reported.push(error) });
    try {
      await complete(instance, 'async', 'F1');
      await simulator.close();
      const error = await failure(() => instance.getDriver().certificates!.refreshAsync());
      expect(error).toBeInstanceOf(TransportError);
      expect(held()).toEqual([A.serial]);
    } finally {
      await close();
    }
    expect(reported).toEqual([]);
  });

  it('report a listing that does not decrypt with the APIv3 key, rate-limited, while calls signed by known keys go on', async () => {
    const reported: unknown[] = [];
    const simulator = await startSimulator({ worker: true, platform: A });
    const instance = Builder.factory({
      ...simulator.config,
      apiV3Key: '0'.repeat(32),
      platformCertificates: { onError: (error) => reported.push(error) },
    });
    try {
      expect((await complete(instance, 'async', 'W1')).status).toBe(200);
      await simulator.rotate(B);
      for (const mode of ['async', 'sync', 'async'] as const) {
        expect(await failure(() => complete(instance, mode, `W2${mode}`))).toMatchObject({ name: 'VerificationError', reason: 'serial' });
      }
      expect(reported).toHaveLength(1);
      expect(reported[0]).toBeInstanceOf(WechatpayError);
      expect(reported[0]).toMatchObject({ code: 'ERR_CERTIFICATE_DECRYPT' });
      expect(String(reported[0])).not.toContain(simulator.apiV3Key);
      expect(Object.keys(simulator.config.certs)).toEqual([A.serial, B.serial]);
    } finally {
      await instance.getDriver().close();
      await simulator.close();
    }
  });
});

describe('the schedule', () => {
  it('refreshes by itself, so a rotation is known before any answer needs it', async () => {
    const { simulator, close, held } = await setUp(A, { interval: 150 });
    try {
      await simulator.rotate(B);
      const until = Date.now() + 5000;
      while (held().length < 2 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(held()).toEqual([A.serial, B.serial]);
      expect((await simulator.received()).every((r) => r.target === '/v3/certificates')).toBe(true);
    } finally {
      await close();
    }
  });
});

describe('public key mode and the migration', () => {
  it('has no certificates to download: v3/certificates answers RESOURCE_NOT_EXISTS', async () => {
    const simulator: Simulator = await startSimulator({ worker: true });
    const instance = Builder.factory({ ...simulator.config, apiV3Key: simulator.apiV3Key, platformCertificates: true });
    try {
      const error = await failure(() => instance.getDriver().certificates!.refresh());
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ status: 404, code: 'RESOURCE_NOT_EXISTS' });
      // the public key alone serves every call
      expect((await complete(instance, 'sync', 'P1')).status).toBe(200);
    } finally {
      await instance.getDriver().close();
      await simulator.close();
    }
  });

  it.each<Mode>(['sync', 'async'])('accepts answers signed with either key while both are configured (%s)', async (mode) => {
    const simulator = await startSimulator({ worker: true, platform: A });
    const publicKey = { serial: 'PUB_KEY_ID_0114232134912410000000000000', privateKey: fixture('platform-b-key.pem') };
    const instance = Builder.factory({
      ...simulator.config,
      certs: { [A.serial]: A.certificate, [publicKey.serial]: fixture('platform-b-cert.pem') },
    });
    try {
      // WeChat Pay knows both keys during the migration, and answers with one or the other.
      await simulator.rotate(publicKey);
      expect((await complete(instance, mode, 'M1')).status).toBe(200);
      await simulator.rotate(A);
      expect((await complete(instance, mode, 'M2')).status).toBe(200);
      expect((await simulator.received()).map((r) => r.headers['wechatpay-serial'])).toEqual([publicKey.serial, publicKey.serial]);
    } finally {
      await instance.getDriver().close();
      await simulator.close();
    }
  });
});

describe('configuration', () => {
  it('needs the APIv3 key to download certificates, and some key source', () => {
    const base = { mchid: '1900000001', serial: 'ABC', privateKey: fixture('merchant-key.pem') };
    expect(() => Builder.factory({ ...base, certs: {}, platformCertificates: true })).toThrow(
      /^apiV3Key: is required to download platform certificates/,
    );
    expect(() => Builder.factory({ ...base, certs: {} })).toThrow(/^certs: must map at least one .* \(or set platformCertificates\)$/);
    expect(() => Builder.factory({ ...base, certs: {}, apiV3Key: 'short', platformCertificates: true })).toThrow(
      /^apiV3Key: must be 32 bytes long, got 5$/,
    );
  });
});

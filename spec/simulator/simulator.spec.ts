import { createPrivateKey, generateKeyPairSync, randomBytes, sign, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { ConfigError } from 'wechatpay-ts';
import { startSimulator, type Simulator } from 'wechatpay-ts/simulator';

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator();
});
afterAll(() => simulator.close());

const PATH = '/v3/payscore/smartretail-orders/ORDER1/complete';
const BODY = '{"appid":"wxd678efh567hg6787","service_id":"500001","finish_type":2,"total_amount":100}';

/** An Authorization header written here with node:crypto, independently of the client. */
function authorization(method: string, target: string, body: string, over: { nonce?: string; timestamp?: number; key?: string } = {}) {
  const timestamp = String(over.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = over.nonce ?? randomBytes(16).toString('hex');
  const signature = sign(
    'sha256',
    Buffer.from(`${method}\n${target}\n${timestamp}\n${nonce}\n${body}\n`),
    createPrivateKey(over.key ?? simulator.merchant.privateKey!),
  ).toString('base64');
  return `WECHATPAY2-SHA256-RSA2048 mchid="${simulator.mchid}",serial_no="${simulator.merchant.serial}",timestamp="${timestamp}",nonce_str="${nonce}",signature="${signature}"`;
}

async function call(method: 'GET' | 'POST', target: string, body: string | undefined, headers: Record<string, string>) {
  const response = await request(new URL(target.slice(1), simulator.baseURL), {
    method,
    body,
    headers: { 'content-type': 'application/json', ...headers },
  });
  const text = await response.body.text();
  const h = response.headers as Record<string, string>;
  const signed = verify(
    'sha256',
    Buffer.from(`${h['wechatpay-timestamp']}\n${h['wechatpay-nonce']}\n${text}\n`),
    simulator.platform.publicKey,
    Buffer.from(h['wechatpay-signature'] ?? '', 'base64'),
  );
  return { status: response.statusCode, json: JSON.parse(text) as Record<string, unknown>, headers: h, signed };
}

describe('the simulator', () => {
  it('completes a smart-retail order with the catalog response fields, signed by its platform key', async () => {
    const answer = await call('POST', PATH, BODY, { authorization: authorization('POST', PATH, BODY) });
    expect(answer.status).toBe(200);
    expect(answer.signed).toBe(true);
    expect(answer.headers['wechatpay-serial']).toBe(simulator.platform.serial);
    expect(answer.json).toEqual({
      appid: 'wxd678efh567hg6787',
      mchid: simulator.mchid,
      out_order_no: 'ORDER1',
      service_id: '500001',
      order_id: expect.stringMatching(/^\d{20}$/),
    });
  });

  it.each([
    ['no Authorization', () => ({}), /missing/],
    ['another scheme', () => ({ authorization: 'Bearer x' }), /is not "WECHATPAY2-SHA256-RSA2048/],
    ['a signature over other bytes', () => ({ authorization: authorization('POST', PATH, `${BODY} `) }), /signature does not match/],
    [
      'a timestamp 301 s old',
      () => ({ authorization: authorization('POST', PATH, BODY, { timestamp: Math.floor(Date.now() / 1000) - 301 }) }),
      /timestamp/,
    ],
  ])('answers 401 SIGN_ERROR, signed, for %s', async (_, headers, issue) => {
    const answer = await call('POST', PATH, BODY, headers());
    expect(answer.status).toBe(401);
    expect(answer.signed).toBe(true);
    expect(answer.json).toMatchObject({
      code: 'SIGN_ERROR',
      detail: { issue: expect.stringMatching(issue), sign_information: { method: 'POST', url: PATH } },
    });
  });

  it('shows the message it checked in sign_information', async () => {
    const answer = await call('POST', PATH, BODY, { authorization: authorization('POST', PATH, 'other') });
    expect(answer.json.detail).toMatchObject({
      sign_information: { sign_message_length: `POST\n${PATH}\n${'1'.repeat(10)}\n${'n'.repeat(32)}\n${BODY}\n`.length },
    });
  });

  it('refuses a replayed nonce', async () => {
    const header = authorization('POST', PATH, BODY, { nonce: 'REPLAYEDNONCE0123456789abcdefghi' });
    expect((await call('POST', PATH, BODY, { authorization: header })).status).toBe(200);
    const replay = await call('POST', PATH, BODY, { authorization: header });
    expect(replay.status).toBe(401);
    expect(replay.json).toMatchObject({ code: 'SIGN_ERROR', detail: { issue: expect.stringMatching(/replay/) } });
  });

  it.each([
    ['appid missing', '{"service_id":"500001","total_amount":1}', 'appid'],
    ['finish_type out of its enum', '{"appid":"a","service_id":"s","finish_type":3}', 'finish_type'],
    ['no total_amount when used', '{"appid":"a","service_id":"s","finish_type":2}', 'total_amount'],
    ['no cancel_reason when cancelled', '{"appid":"a","service_id":"s","finish_type":1}', 'cancel_reason'],
    ['a body that is not JSON', '{', undefined],
  ])('answers 400 PARAM_ERROR for %s', async (_, body, field) => {
    const answer = await call('POST', PATH, body, { authorization: authorization('POST', PATH, body) });
    expect(answer.status).toBe(400);
    expect(answer.signed).toBe(true);
    expect(answer.json.code).toBe('PARAM_ERROR');
    if (field) expect(answer.json.detail).toMatchObject({ field });
  });

  it('answers a signed 404 NOT_FOUND for paths it does not serve, after checking the signature', async () => {
    const target = '/v3/no-such-product/orders/42?mchid=1900000001';
    const answer = await call('GET', target, undefined, { authorization: authorization('GET', target, '') });
    expect(answer).toMatchObject({ status: 404, signed: true, json: { code: 'NOT_FOUND' } });
  });

  it('refuses a Wechatpay-Serial that is not its platform key, and unknown faults', async () => {
    const serial = await call('POST', PATH, BODY, { authorization: authorization('POST', PATH, BODY), 'wechatpay-serial': 'PUB_KEY_ID_0000' });
    expect(serial).toMatchObject({ status: 400, json: { code: 'PARAM_ERROR' } });
    const fault = await call('POST', PATH, BODY, { authorization: authorization('POST', PATH, BODY), 'wechatpay-simulator-fault': 'explode' });
    expect(fault).toMatchObject({ status: 400, json: { code: 'SIMULATOR_FAULT', message: 'unknown faults: explode' } });
  });

  it('records what it received', async () => {
    const before = (await simulator.received()).length;
    await call('GET', '/v3/recorded?x=1', undefined, { authorization: 'none' });
    const last = (await simulator.received()).slice(before);
    expect(last).toEqual([expect.objectContaining({ method: 'GET', target: '/v3/recorded?x=1', body: '' })]);
  });
});

describe("the simulator's options", () => {
  it.each([
    [
      'a typo',
      { prot: 0 },
      'prot',
      /^prot: is not an option of startSimulator \(did you mean port\?\); known options: mchid, merchant, platform, apiV3Key, port, worker, v2, seed, timeScale$/,
    ],
    ['a nested typo', { v2: { secret: 'k'.repeat(32), tsl: {} } }, 'v2.tsl', /^v2\.tsl: is not an option of v2 \(did you mean tls\?\)/],
    ['a port out of range', { port: 70_000 }, 'port', /whole number from 0 to 65535/],
    ['options that are no object', 'worker', 'options', /must be an object/],
  ])('refuse %s with a ConfigError, with or without a worker, before starting anything', async (_, options, field, message) => {
    for (const worker of [false, true]) {
      const given = typeof options === 'object' ? { ...options, worker } : options;
      const error = await startSimulator(given as never).then(
        async (started) => {
          await started.close();
          throw new Error('expected a ConfigError');
        },
        (refused: unknown) => refused,
      );
      expect(error).toMatchObject({ name: 'ConfigError', code: 'ERR_CONFIG', field, message: expect.stringMatching(message) });
    }
  });

  it('a key the worker cannot load is the same ConfigError as without a worker', async () => {
    for (const worker of [false, true]) {
      const error = await startSimulator({ worker, apiV3Key: 'short' }).catch((refused: unknown) => refused);
      expect(error).toBeInstanceOf(ConfigError);
      expect(error).toMatchObject({ field: 'apiV3Key', message: 'apiV3Key: must be 32 bytes long, got 5' });
    }
  });

  it('config of a simulator given only the merchant public key is a ConfigError', async () => {
    const given = await startSimulator({ merchant: { serial: 'ABC', publicKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey } });
    try {
      expect(() => given.config).toThrow(expect.objectContaining({ name: 'ConfigError', field: 'merchant' }));
    } finally {
      await given.close();
    }
  });
});

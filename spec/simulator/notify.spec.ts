import { createDecipheriv, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, ParameterError, TransportError } from 'wechatpay-ts';
import { sampleEvent, sendNotification, startSimulator, webhookEvent, type Simulator } from 'wechatpay-ts/simulator';
import { PLATFORM_CERT_SERIAL, fixture } from '../support/fixtures.js';
import { notifyReceiver } from '../support/notify-receiver.js';

const receiver = notifyReceiver();
let sink: string;
let slow: string;
beforeAll(() => {
  sink = receiver.route(
    '/sink',
    (req, res) => void req.resume().on('end', () => res.writeHead(200, { 'Content-Type': 'text/plain' }).end('received')),
  );
  slow = receiver.route('/slow', (req) => void req.resume());
});

interface Envelope {
  id: string;
  create_time: string;
  resource_type: string;
  event_type: string;
  summary: string;
  resource: { original_type: string; algorithm: string; ciphertext: string; associated_data: string; nonce: string };
}

/** Opens a resource with node:crypto alone: AES-256-GCM, the tag in the last 16 bytes. */
function decrypt(resource: Envelope['resource'], apiV3Key: string): unknown {
  const bytes = Buffer.from(resource.ciphertext, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', Buffer.from(apiV3Key), Buffer.from(resource.nonce));
  decipher.setAAD(Buffer.from(resource.associated_data));
  decipher.setAuthTag(bytes.subarray(-16));
  return JSON.parse(Buffer.concat([decipher.update(bytes.subarray(0, -16)), decipher.final()]).toString('utf8'));
}

const RFC3339_CST = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;

describe.each([
  ['in this thread', false],
  ['in a worker thread', true],
])('simulator.notify, %s', (_, worker) => {
  let simulator: Simulator;
  beforeAll(async () => {
    simulator = await startSimulator({ worker });
  });
  afterAll(() => simulator.close());

  it('POSTs the callback as WeChat Pay does: envelope, AES-256-GCM resource, signed headers', async () => {
    const before = receiver.captured.length;
    const started = Math.floor(Date.now() / 1000);
    const delivery = await simulator.notify('REFUND.SUCCESS', { to: sink });
    expect(delivery).toMatchObject({ status: 200, body: 'received', headers: { 'content-type': 'text/plain' } });
    const [arrived] = receiver.captured.slice(before);
    expect(arrived!.raw.toString('utf8')).toBe(delivery.sent.body);
    const { headers } = arrived!;
    expect(headers).toMatchObject({
      'content-type': 'application/json; charset=utf-8',
      'request-id': expect.stringMatching(/^[0-9A-F]{32}$/),
      'wechatpay-nonce': expect.stringMatching(/^[0-9A-Za-z]{32}$/),
      'wechatpay-serial': simulator.platform.serial,
      'wechatpay-signature-type': 'WECHATPAY2-SHA256-RSA2048',
    });
    expect(Math.abs(Number(headers['wechatpay-timestamp']) - started)).toBeLessThanOrEqual(2);
    const signed = Buffer.from(`${headers['wechatpay-timestamp']}\n${headers['wechatpay-nonce']}\n${delivery.sent.body}\n`);
    expect(verify('sha256', signed, createPublicKey(simulator.platform.publicKey), Buffer.from(headers['wechatpay-signature']!, 'base64'))).toBe(
      true,
    );

    const envelope = JSON.parse(delivery.sent.body) as Envelope;
    expect(Object.keys(envelope)).toEqual(['id', 'create_time', 'resource_type', 'event_type', 'summary', 'resource']);
    expect(envelope).toMatchObject({ resource_type: 'encrypt-resource', event_type: 'REFUND.SUCCESS', summary: '退款成功通知' });
    expect(envelope.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(envelope.create_time).toMatch(RFC3339_CST);
    expect(Object.keys(envelope.resource)).toEqual(['original_type', 'algorithm', 'ciphertext', 'associated_data', 'nonce']);
    expect(envelope.resource).toMatchObject({
      original_type: 'refund',
      algorithm: 'AEAD_AES_256_GCM',
      associated_data: 'refund',
      nonce: expect.stringMatching(/^.{12}$/),
    });
    expect(decrypt(envelope.resource, simulator.apiV3Key)).toEqual(delivery.sent.resource);
  });

  it('merges resource overrides over the sample, top-level fields only', async () => {
    const delivery = await simulator.notify('REFUND.SUCCESS', { to: sink, resource: { out_trade_no: 'MY-ORDER-1', amount: { refund: 1 } } });
    const envelope = JSON.parse(delivery.sent.body) as Envelope;
    const resource = decrypt(envelope.resource, simulator.apiV3Key) as Record<string, unknown>;
    expect(resource).toMatchObject({ out_trade_no: 'MY-ORDER-1', refund_status: 'SUCCESS' });
    expect(resource.amount).toEqual({ refund: 1 });
  });

  it('answers concurrent calls with their own callbacks', async () => {
    const orders = ['A1', 'A2', 'A3', 'A4', 'A5'];
    const deliveries = await Promise.all(
      orders.map((out_trade_no) => simulator.notify('TRANSACTION.SUCCESS', { to: sink, resource: { out_trade_no } })),
    );
    expect(deliveries.map((delivery) => delivery.sent.resource.out_trade_no)).toEqual(orders);
    const received = await simulator.received();
    expect(Array.isArray(received)).toBe(true);
  });

  it('applies faults: skew moves the timestamp, drop-header removes one', async () => {
    const skewed = await simulator.notify('REFUND.SUCCESS', { to: sink, faults: 'skew=-400, drop-header=Wechatpay-Nonce' });
    expect(Number(skewed.sent.headers['Wechatpay-Timestamp'])).toBeLessThan(Date.now() / 1000 - 398);
    expect(skewed.sent.headers).not.toHaveProperty('Wechatpay-Nonce');
  });

  it.each([
    ['an unknown event type', 'NO.SUCH_EVENT', { to: 'http://127.0.0.1:1/' }, 'eventType'],
    ['an APIv2 event name', 'refund-processed', { to: 'http://127.0.0.1:1/' }, 'eventType'],
    ['no to', 'REFUND.SUCCESS', {}, 'to'],
    ['a to that is not a URL', 'REFUND.SUCCESS', { to: 'merchant/notify' }, 'to'],
    ['a to that is not http', 'REFUND.SUCCESS', { to: 'ftp://127.0.0.1/notify' }, 'to'],
    ['a resource that is an array', 'REFUND.SUCCESS', { to: 'http://127.0.0.1:1/', resource: [] }, 'resource'],
    ['a timeout of 0', 'REFUND.SUCCESS', { to: 'http://127.0.0.1:1/', timeout: 0 }, 'timeout'],
    ['a fault that only requests have', 'REFUND.SUCCESS', { to: 'http://127.0.0.1:1/', faults: 'hang' }, 'faults'],
    ['an unknown fault', 'REFUND.SUCCESS', { to: 'http://127.0.0.1:1/', faults: 'explode' }, 'faults'],
    ['a skew that is not a number', 'REFUND.SUCCESS', { to: 'http://127.0.0.1:1/', faults: 'skew=soon' }, 'faults'],
  ])('refuses %s with a ParameterError, sending nothing', async (_, eventType, options, parameter) => {
    const before = receiver.captured.length;
    const error = await simulator.notify(eventType, options as never).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ParameterError);
    expect(error).toMatchObject({ name: 'ParameterError', field: parameter });
    expect(receiver.captured.length).toBe(before);
  });

  it('fails with a TransportError when nobody listens, or nobody answers in time', async () => {
    const closed = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const refused = await simulator.notify('REFUND.SUCCESS', { to: `http://127.0.0.1:${closed}/notify` }).catch((caught: unknown) => caught);
    expect(refused).toBeInstanceOf(TransportError);
    expect(refused).toMatchObject({ reason: 'network', message: expect.stringMatching(/ECONNREFUSED/) });
    const late = await simulator.notify('REFUND.SUCCESS', { to: slow, timeout: 100 }).catch((caught: unknown) => caught);
    expect(late).toBeInstanceOf(TransportError);
    expect(late).toMatchObject({ reason: 'timeout', message: expect.stringMatching(/within 100 ms/) });
  });
});

describe('the simulator APIv3 key', () => {
  it('is a fresh 32-character one by default', async () => {
    const [one, two] = await Promise.all([startSimulator(), startSimulator()]);
    try {
      expect(one.apiV3Key).toMatch(/^[0-9A-Za-z]{32}$/);
      expect(one.apiV3Key).not.toBe(two.apiV3Key);
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });

  it.each([
    ['31 characters', 'x'.repeat(31), /must be 32 bytes long, got 31/],
    ['not a string', Buffer.alloc(32), /must be a string/],
  ])('refuses one of %s with a ConfigError that does not show it', async (_, apiV3Key, message) => {
    const error = await startSimulator({ apiV3Key: apiV3Key as string }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ field: 'apiV3Key', message: expect.stringMatching(message) });
    expect((error as Error).message).not.toContain('x'.repeat(31));
  });
});

describe('sendNotification, without a simulator', () => {
  const apiV3Key = 'SendNotificationKey0123456789abc';
  const platform = { serial: PLATFORM_CERT_SERIAL, privateKey: fixture('platform-key.pem') };

  it('sends a callback signed by the given key and encrypted with the given APIv3 key', async () => {
    const delivery = await sendNotification('PROFITSHARING.SUCCESS', { to: sink, apiV3Key, platform });
    expect(delivery.status).toBe(200);
    const envelope = JSON.parse(delivery.sent.body) as Envelope;
    expect(delivery.sent.headers['Wechatpay-Serial']).toBe(PLATFORM_CERT_SERIAL);
    const signed = Buffer.from(
      `${delivery.sent.headers['Wechatpay-Timestamp']}\n${delivery.sent.headers['Wechatpay-Nonce']}\n${delivery.sent.body}\n`,
    );
    expect(
      verify('sha256', signed, createPublicKey(fixture('platform-cert.pem')), Buffer.from(delivery.sent.headers['Wechatpay-Signature']!, 'base64')),
    ).toBe(true);
    expect(decrypt(envelope.resource, apiV3Key)).toEqual(delivery.sent.resource);
  });

  it.each([
    ['an APIv3 key of the wrong length', { apiV3Key: 'short', platform }, 'apiV3Key'],
    ['a platform key that is not a key', { apiV3Key, platform: { serial: 'S', privateKey: 'nope' } }, 'platform.privateKey'],
    [
      'a public key as the platform key',
      { apiV3Key, platform: { serial: 'S', privateKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey } },
      'platform.privateKey',
    ],
    ['a serial with a space', { apiV3Key, platform: { ...platform, serial: 'PUB KEY' } }, 'platform.serial'],
  ])('refuses %s with a ConfigError', async (_, options, option) => {
    const error = await sendNotification('REFUND.SUCCESS', { to: sink, ...options } as never).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ field: option });
  });

  it('refuses a call without to', async () => {
    await expect(sendNotification('REFUND.SUCCESS', { apiV3Key, platform } as never)).rejects.toMatchObject({ name: 'ParameterError', field: 'to' });
  });
});

describe('sampleEvent', () => {
  const NOW = Date.UTC(2024, 0, 31, 16, 30, 5, 999);

  it('builds a payload shaped by the catalog and the field names', () => {
    const sample = sampleEvent('REFUND.SUCCESS', { now: NOW });
    expect(sample).toMatchObject({
      mchid: expect.stringMatching(/^19\d{8}$/),
      out_trade_no: expect.stringMatching(/^OUT\d{20}$/),
      transaction_id: expect.stringMatching(/^42000000\d{20}$/),
      refund_id: expect.stringMatching(/^50\d{27}$/),
      refund_status: 'SUCCESS',
      user_received_account: '支付用户零钱',
      success_time: '2024-02-01T00:30:05+08:00',
      amount: { total: 100, refund: 100, payer_total: 100, payer_refund: 100, currency: 'CNY', exchange_rate: { type: 'USERPAYMENT_RATE', rate: 1 } },
    });
    expect(sampleEvent('REFUND.SUCCESS', { now: NOW })).toEqual(sample);
    expect(sampleEvent('REFUND.ABNORMAL', { now: NOW })).toMatchObject({ refund_status: 'ABNORMAL' });
    expect(sampleEvent('TRANSACTION.SUCCESS', { now: NOW })).toMatchObject({
      trade_state: 'SUCCESS',
      bank_type: 'OTHERS',
      appid: expect.stringMatching(/^wx[0-9a-f]{16}$/),
      payer: { openid: expect.stringMatching(/^o[\w-]{27}$/) },
      promotion_detail: [expect.objectContaining({ coupon_id: expect.stringMatching(/^\d{20}$/), currency: 'CNY' })],
    });
  });

  it('takes the first enum value, as a number for numeric fields', () => {
    expect(sampleEvent('RISKTRADE.IDENTIFICATION', { now: NOW })).toMatchObject({ risk_type: 1, risk_level: 1 });
    expect(sampleEvent('RECHARGE.CLOSED', { now: NOW })).toMatchObject({
      available_recharge_channels: ['BANK_TRANSFER'],
      qr_recharge_info: { employee_type: 'ADMIN' },
    });
  });

  it('writes a JSON-encoded field as JSON text, and an RSA-encrypted one as 256 bytes of base64', () => {
    const medical = sampleEvent('MEDICAL_INSURANCE.SUCCESS', { now: NOW });
    expect(JSON.parse(medical.passthrough_request_content as string)).toEqual(expect.objectContaining({ payAuthNo: expect.any(String) }));
    const card = sampleEvent('MEMBERCARD.ACCEPT_CARD', { now: NOW });
    expect(Buffer.from(card.phone_number as string, 'base64')).toHaveLength(256);
  });

  it('includes every field the catalog lists, with the types it gives', () => {
    for (const name of ['TRANSACTION.SUCCESS', 'RECHARGE.CLOSED', 'APPLYMENT_STATE.APPROVED']) {
      const sample = sampleEvent(name, { now: NOW });
      for (const field of webhookEvent(name).fields) {
        const value = sample[field.name];
        const expected = { string: 'string', integer: 'number', number: 'number', boolean: 'boolean', object: 'object' }[field.type];
        if (expected) expect(typeof value, `${name} ${field.name}`).toBe(expected);
        else expect(Array.isArray(value), `${name} ${field.name}`).toBe(true);
        if (field.type === 'integer' || field.type === 'number') expect(Number.isInteger(value)).toBe(true);
      }
    }
  });

  it('refuses an event type it does not know with a ParameterError', () => {
    expect(() => sampleEvent('TRANSACTION.SUCCES')).toThrow(ParameterError);
    expect(() => webhookEvent('')).toThrow(expect.objectContaining({ field: 'eventType' }));
  });
});

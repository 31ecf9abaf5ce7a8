import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Notification, NotificationError, VerificationError, type NotificationEvent } from 'wechatpay-ts';
import { startSimulator, type Simulator } from 'wechatpay-ts/simulator';
import { notifyReceiver } from '../support/notify-receiver.js';

const receiver = notifyReceiver();
let simulator: Simulator;
const handled: NotificationEvent[] = [];
const errors: unknown[] = [];
const paths = { good: '', wrongKey: '', throws: '', throwsOurs: '', slow: '' };

beforeAll(async () => {
  simulator = await startSimulator({ worker: true });
  const certs = { [simulator.platform.serial]: simulator.platform.publicKey };
  const notification = new Notification({ apiV3Key: simulator.apiV3Key, certs });
  const onError = (error: unknown) => void errors.push(error);
  paths.good = receiver.route(
    '/good',
    notification.nodeHandler((event) => void handled.push(event), { onError }),
  );
  const otherKey = new Notification({ apiV3Key: 'A'.repeat(32), certs });
  paths.wrongKey = receiver.route(
    '/wrong-key',
    otherKey.nodeHandler((event) => void handled.push(event), { onError }),
  );
  paths.throws = receiver.route(
    '/throws',
    notification.nodeHandler(
      () => {
        throw new Error('database password is hunter2');
      },
      { onError },
    ),
  );
  paths.throwsOurs = receiver.route(
    '/throws-ours',
    notification.nodeHandler(
      async () => {
        // An error of ours, from a call the handler made, is still the handler's failure, not a refused callback.
        throw new VerificationError('signature', 'an answer to a call failed verification');
      },
      { onError },
    ),
  );
  paths.slow = receiver.route(
    '/slow',
    notification.nodeHandler(
      async (event) => {
        await new Promise((resolve) => setTimeout(resolve, 50));
        handled.push(event);
      },
      { onError },
    ),
  );
});
afterAll(() => simulator.close());

/** Sends a callback with faults and returns the answer, what the handler got and what onError got. */
async function send(path: keyof typeof paths, faults?: string) {
  handled.length = 0;
  errors.length = 0;
  const delivery = await simulator.notify('TRANSACTION.SUCCESS', { to: paths[path], ...(faults && { faults }) });
  return { delivery, json: delivery.body ? (JSON.parse(delivery.body) as unknown) : undefined, handled: [...handled], errors: [...errors] };
}

describe('a callback that fails verification', () => {
  it.each([
    ['tamper-body', 'signature', 'signature verification failed (ERR_VERIFICATION_SIGNATURE)', /signature does not match/],
    ['probe', 'signature', 'signature verification failed (ERR_VERIFICATION_SIGNATURE)', /WECHATPAY\/SIGNTEST\//],
    ['unknown-serial', 'serial', 'unknown Wechatpay-Serial (ERR_VERIFICATION_SERIAL)', /PUB_KEY_ID_0000000000000000000000000000/],
    ['skew=301', 'timestamp', 'Wechatpay-Timestamp is outside the accepted window (ERR_VERIFICATION_TIMESTAMP)', /not within 300 s/],
    ['skew=-301', 'timestamp', 'Wechatpay-Timestamp is outside the accepted window (ERR_VERIFICATION_TIMESTAMP)', /not within 300 s/],
    ['drop-header=Wechatpay-Timestamp', 'headers', 'missing Wechatpay-* signature headers (ERR_VERIFICATION_HEADERS)', /lacks Wechatpay-Timestamp$/],
    ['drop-header=Wechatpay-Nonce', 'headers', 'missing Wechatpay-* signature headers (ERR_VERIFICATION_HEADERS)', /lacks Wechatpay-Nonce$/],
    ['drop-header=Wechatpay-Signature', 'headers', 'missing Wechatpay-* signature headers (ERR_VERIFICATION_HEADERS)', /lacks Wechatpay-Signature$/],
    ['drop-header=Wechatpay-Serial', 'headers', 'missing Wechatpay-* signature headers (ERR_VERIFICATION_HEADERS)', /lacks Wechatpay-Serial$/],
  ])('%s: 401 {code: FAIL}, a VerificationError (%s), and the handler never runs', async (faults, check, message, detail) => {
    const { delivery, json, handled: got, errors: seen } = await send('good', faults);
    expect(delivery.status).toBe(401);
    expect(delivery.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(json).toEqual({ code: 'FAIL', message });
    expect(got).toEqual([]);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeInstanceOf(VerificationError);
    expect(seen[0]).toMatchObject({ name: 'VerificationError', reason: check, requestId: delivery.sent.headers['Request-ID'] });
    expect((seen[0] as Error).message).toMatch(detail);
  });

  it.each(['skew=300', 'skew=-300'])('%s is accepted: the window is 300 s inclusive', async (faults) => {
    const { delivery, handled: got } = await send('good', faults);
    expect(delivery.status).toBe(204);
    expect(got).toHaveLength(1);
  });

  it('a callback replayed after the window is refused as an old timestamp', async () => {
    const { delivery } = await send('good');
    expect(delivery.status).toBe(204);
    const certs = { [simulator.platform.serial]: simulator.platform.publicKey };
    const sentAt = Number(delivery.sent.headers['Wechatpay-Timestamp']) * 1000;
    const later = new Notification({ apiV3Key: simulator.apiV3Key, certs, clock: () => sentAt + 301_000 });
    const replay = { body: delivery.sent.body, headers: delivery.sent.headers };
    expect(() => later.verify(replay)).toThrow(expect.objectContaining({ name: 'VerificationError', reason: 'timestamp' }));
    const response = await later.fetchHandler(() => undefined, { onError: () => {} })(new Request(paths.good, { method: 'POST', ...replay }));
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      code: 'FAIL',
      message: 'Wechatpay-Timestamp is outside the accepted window (ERR_VERIFICATION_TIMESTAMP)',
    });
  });
});

describe('a verified callback that cannot be read', () => {
  it('under another APIv3 key: 400 {code: FAIL}, a NotificationError (decryption)', async () => {
    const { delivery, json, handled: got, errors: seen } = await send('wrongKey');
    expect(delivery.status).toBe(400);
    expect(json).toEqual({ code: 'FAIL', message: 'resource decryption failed (ERR_NOTIFICATION_DECRYPTION)' });
    expect(got).toEqual([]);
    expect(seen[0]).toBeInstanceOf(NotificationError);
    expect(seen[0]).toMatchObject({ name: 'NotificationError', reason: 'decryption', code: 'ERR_NOTIFICATION_DECRYPTION' });
    expect((seen[0] as Error).message).not.toContain('A'.repeat(32));
  });
});

describe('a handler that fails', () => {
  it('gets 500 {code: FAIL} with a fixed message, so WeChat Pay retries; its error goes to onError only', async () => {
    const { delivery, json, errors: seen } = await send('throws');
    expect(delivery.status).toBe(500);
    expect(json).toEqual({ code: 'FAIL', message: 'the notification could not be processed' });
    expect(delivery.body).not.toContain('hunter2');
    expect(seen).toEqual([new Error('database password is hunter2')]);
  });

  it('gets 500, not 401, when what it threw is a VerificationError of its own', async () => {
    const { delivery, errors: seen } = await send('throwsOurs');
    expect(delivery.status).toBe(500);
    expect(seen[0]).toBeInstanceOf(VerificationError);
  });

  it('is awaited: the answer waits for its promise', async () => {
    const { delivery, handled: got } = await send('slow');
    expect(delivery.status).toBe(204);
    expect(got).toHaveLength(1);
  });
});

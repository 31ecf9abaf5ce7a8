import { createPrivateKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, memoryStore, Notification, type NotificationReply, type WechatpayStore } from 'wechatpay-ts';
import { fixture, PLATFORM_CERT_SERIAL } from '../support/fixtures.js';
import { handSigned } from '../support/hand-signed-callback.js';
import { failingStore } from '../support/failing-store.js';

const API_V3_KEY = 'Kt8wZP3x7Yv5QeRfT2gH9jLmN4bC6dA1';
const privateKey = createPrivateKey(fixture('platform-key.pem'));
const certs = { [PLATFORM_CERT_SERIAL]: fixture('platform-cert.pem') };
const START = 1_800_000_000_000;

/** A callback for event `id`, signed now (by `clock`): each call is a new delivery, with its own nonce and signature. */
const delivery = (id: string, at = Date.now()) =>
  handSigned({ privateKey, serial: PLATFORM_CERT_SERIAL, apiV3Key: API_V3_KEY, envelope: { id }, timestamp: Math.floor(at / 1000) });

/** A Notification whose handler counts its runs per event id; `gate` holds a run until released. */
function counted(options: { store?: WechatpayStore; clock?: () => number } = {}) {
  const runs: string[] = [];
  const errors: unknown[] = [];
  const notification = new Notification({ apiV3Key: API_V3_KEY, certs, ...options });
  const receive = (incoming: ReturnType<typeof delivery>, handler: () => unknown = () => undefined) =>
    notification.receive(
      incoming,
      async (event) => {
        runs.push(event.id);
        await handler();
      },
      { onError: (error) => void errors.push(error) },
    );
  return { notification, runs, errors, receive };
}

const OK: Partial<NotificationReply> = { status: 204, body: undefined };
const FAILED = { status: 500, body: { code: 'FAIL', message: 'the notification could not be processed' } };
const BUSY = { status: 503, body: { code: 'FAIL', message: 'the notification is being processed; send it again later' } };

describe('Notification handles each callback once', () => {
  it('answers the same bytes replayed 204 without running the handler again', async () => {
    const { runs, receive } = counted();
    const first = delivery('EV-replay');
    expect(await receive(first)).toMatchObject(OK);
    expect(await receive(first)).toMatchObject(OK);
    expect(runs).toEqual(['EV-replay']);
  });

  it("answers WeChat Pay's redelivery (same id, new nonce and signature) 204 without running the handler again", async () => {
    const { runs, receive } = counted();
    expect(await receive(delivery('EV-again'))).toMatchObject(OK);
    expect(await receive(delivery('EV-again'))).toMatchObject(OK);
    expect(await receive(delivery('EV-other'))).toMatchObject(OK);
    expect(runs).toEqual(['EV-again', 'EV-other']);
  });

  it('answers a duplicate that comes while the first is still handled 503 (retryable), then 204 once the first succeeded', async () => {
    const { runs, errors, receive } = counted();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = receive(delivery('EV-concurrent'), () => held);
    await new Promise((resolve) => setImmediate(resolve));
    expect(runs).toEqual(['EV-concurrent']);
    expect(await receive(delivery('EV-concurrent'))).toMatchObject(BUSY);
    expect(runs).toEqual(['EV-concurrent']);
    release();
    expect(await first).toMatchObject(OK);
    expect(await receive(delivery('EV-concurrent'))).toMatchObject(OK);
    expect(runs).toEqual(['EV-concurrent']);
    expect(errors).toEqual([]);
  });

  it('releases the callback when the handler throws, so the retry runs it', async () => {
    const { runs, errors, receive } = counted();
    const boom = new Error('database down');
    expect(
      await receive(delivery('EV-fails'), () => {
        throw boom;
      }),
    ).toMatchObject(FAILED);
    expect(errors).toEqual([boom]);
    expect(await receive(delivery('EV-fails'))).toMatchObject(OK);
    expect(runs).toEqual(['EV-fails', 'EV-fails']);
  });

  it('answers a duplicate of a running callback 503 even when the first then fails, and runs the retry after', async () => {
    const { runs, receive } = counted();
    let fail!: (error: Error) => void;
    const held = new Promise<void>((_, reject) => (fail = reject));
    const first = receive(delivery('EV-race'), () => held);
    await new Promise((resolve) => setImmediate(resolve));
    expect(await receive(delivery('EV-race'))).toMatchObject(BUSY);
    fail(new Error('lost'));
    expect(await first).toMatchObject(FAILED);
    expect(await receive(delivery('EV-race'))).toMatchObject(OK);
    expect(runs).toEqual(['EV-race', 'EV-race']);
  });

  it('remembers a callback 660 s (the 300 s window either side, and a minute): after that it runs again', async () => {
    let now = START;
    const { runs, receive } = counted({ clock: () => now });
    expect(await receive(delivery('EV-ttl', now))).toMatchObject(OK);
    now += 659_999;
    expect(await receive(delivery('EV-ttl', now))).toMatchObject(OK);
    expect(runs).toEqual(['EV-ttl']);
    now += 1;
    expect(await receive(delivery('EV-ttl', now))).toMatchObject(OK);
    expect(runs).toEqual(['EV-ttl', 'EV-ttl']);
  });

  it('marks a delivery as being handled for two minutes at most: then a retry runs it (its process died mid-handler)', async () => {
    let now = START;
    const { runs, receive } = counted({ clock: () => now });
    // The first handler never ends, as in a process that died.
    void receive(delivery('EV-lost', now), () => new Promise(() => {}));
    await new Promise((resolve) => setImmediate(resolve));
    now += 119_999;
    expect(await receive(delivery('EV-lost', now))).toMatchObject(BUSY);
    now += 1;
    expect(await receive(delivery('EV-lost', now))).toMatchObject(OK);
    expect(runs).toEqual(['EV-lost', 'EV-lost']);
  });

  it('forgets the oldest callbacks past the store bound (memoryStore({ maxEntries }))', async () => {
    const { runs, receive } = counted({ store: memoryStore({ maxEntries: 2 }) });
    for (const id of ['EV-1', 'EV-2', 'EV-3', 'EV-3', 'EV-2', 'EV-1']) expect(await receive(delivery(id))).toMatchObject(OK);
    // EV-1 was dropped to hold EV-3; EV-2 and EV-3 were remembered.
    expect(runs).toEqual(['EV-1', 'EV-2', 'EV-3', 'EV-1']);
  });

  it('handles a callback once across Notifications sharing one store, as processes sharing Redis do', async () => {
    const store = memoryStore();
    const a = counted({ store });
    const b = counted({ store });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = a.receive(delivery('EV-shared'), () => held);
    await new Promise((resolve) => setImmediate(resolve));
    expect(await b.receive(delivery('EV-shared'))).toMatchObject(BUSY);
    release();
    expect(await first).toMatchObject(OK);
    expect(await b.receive(delivery('EV-shared'))).toMatchObject(OK);
    expect([a.runs, b.runs]).toEqual([['EV-shared'], []]);
  });

  it('answers 500 without running the handler when the store fails, and reports the error', async () => {
    const down = new Error('store unreachable');
    const failing = failingStore(down);
    const { runs, errors, receive } = counted({ store: failing });
    expect(await receive(delivery('EV-down'))).toMatchObject(FAILED);
    expect(runs).toEqual([]);
    expect(errors).toEqual([down]);
  });

  it('answers 204 when the handler succeeded but the store could not mark it done, and reports the error', async () => {
    const store = memoryStore();
    const broken = new Error('write lost');
    const { runs, errors, receive } = counted({ store: { ...store, set: () => Promise.reject(broken) } });
    expect(await receive(delivery('EV-unmarked'))).toMatchObject(OK);
    expect(runs).toEqual(['EV-unmarked']);
    expect(errors).toEqual([broken]);
  });

  it('leaves verify() a pure check: it remembers nothing, and receive() then still runs the handler', async () => {
    const { notification, runs, receive } = counted();
    const incoming = delivery('EV-verify');
    expect(notification.verify(incoming).id).toBe('EV-verify');
    expect(notification.verify(incoming).id).toBe('EV-verify');
    expect(await receive(incoming)).toMatchObject(OK);
    expect(runs).toEqual(['EV-verify']);
  });

  it('does the same through fetchHandler: 503 with { code: FAIL } for a duplicate in flight', async () => {
    const notification = new Notification({ apiV3Key: API_V3_KEY, certs });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let runs = 0;
    const handle = notification.fetchHandler(
      () => {
        runs++;
        return held;
      },
      { onError: () => undefined },
    );
    const request = () => {
      const { body, headers } = delivery('EV-fetch');
      return new Request('https://shop.example.com/notify', { method: 'POST', headers, body });
    };
    const first = handle(request());
    await new Promise((resolve) => setTimeout(resolve, 10));
    const busy = await handle(request());
    expect([busy.status, await busy.json()]).toEqual([503, BUSY.body]);
    release();
    expect((await first).status).toBe(204);
    expect((await handle(request())).status).toBe(204);
    expect(runs).toBe(1);
  });

  it.each([[null], [{}], [{ claim: async () => true, get: async () => undefined, set: async () => undefined }], ['redis://localhost']])(
    'refuses store %o with a ConfigError naming store',
    (store) => {
      expect(() => new Notification({ apiV3Key: API_V3_KEY, certs, store: store as never })).toThrow(ConfigError);
      expect(() => new Notification({ apiV3Key: API_V3_KEY, certs, store: store as never })).toThrow(expect.objectContaining({ field: 'store' }));
    },
  );
});

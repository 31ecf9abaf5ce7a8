import { afterEach, describe, expect, it } from 'vitest';
import { Builder, memoryStore, type Wechatpay, type WechatpayStore } from 'wechatpay-ts';
import { startSimulator, type Simulator } from 'wechatpay-ts/simulator';
import { fixture } from '../support/fixtures.js';
import { ORDER, SEED } from '../support/simulated.js';
import { failingStore } from '../support/failing-store.js';

const A = {
  serial: '6B1F2E3D4C5B6A79808F9E0D1C2B3A4958677685',
  privateKey: fixture('platform-a-key.pem'),
  certificate: fixture('platform-a-cert.pem'),
};
const B = {
  serial: '7C2A3B4C5D6E7F8091A2B3C4D5E6F708192A3B4C',
  privateKey: fixture('platform-b-key.pem'),
  certificate: fixture('platform-b-cert.pem'),
};

const open: Array<{ close(): Promise<unknown> }> = [];
afterEach(async () => {
  for (const closing of open.splice(0).reverse()) await closing.close();
});

/** A simulator in a worker (synchronous calls block this thread), and clients of it sharing `store` for their certificates. */
async function fleet(store: WechatpayStore, count: number, reported: unknown[] = [], clocks: Array<() => number> = []) {
  const simulator = await startSimulator({ worker: true, platform: A });
  open.push(simulator);
  const clients = Array.from({ length: count }, (_, i) => {
    const instance = Builder.factory({
      ...simulator.config,
      clock: clocks[i] ?? Date.now,
      certs: {},
      apiV3Key: simulator.apiV3Key,
      platformCertificates: { store, retryAfter: 60_000, onError: (error) => void reported.push(error) },
    });
    open.push({ close: () => instance.getDriver().close() });
    return instance;
  });
  return { simulator, clients };
}

const complete = (instance: Wechatpay, out_order_no: string) => instance.chain(SEED).postAsync({ out_order_no, json: ORDER });
const downloads = async (simulator: Simulator) => (await simulator.received()).filter((r) => r.target === '/v3/certificates').length;
const held = (instance: Wechatpay) => instance.getDriver().certificates!.certificates.map((c) => c.serial);

describe('platform certificates shared through a store', () => {
  it('are downloaded once by clients that need them at the same moment: the others wait for the stored listing', async () => {
    const { simulator, clients } = await fleet(memoryStore(), 3);
    const answers = await Promise.all(clients.map((instance, i) => complete(instance, `S${i}`)));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(await downloads(simulator)).toBe(1);
    expect(clients.map(held)).toEqual([[A.serial], [A.serial], [A.serial]]);
  });

  it('are read from the store by a client that starts later, without a download', async () => {
    const { simulator, clients } = await fleet(memoryStore(), 2);
    await complete(clients[0]!, 'L1');
    await complete(clients[1]!, 'L2');
    expect(await downloads(simulator)).toBe(1);
    expect(held(clients[1]!)).toEqual([A.serial]);
  });

  it('are downloaded again, once for the fleet, when WeChat Pay signs with a new certificate', async () => {
    const { simulator, clients } = await fleet(memoryStore(), 2);
    await Promise.all(clients.map((instance, i) => complete(instance, `R${i}`)));
    await simulator.rotate(B);
    await Promise.all(clients.map((instance, i) => complete(instance, `R${i}b`)));
    expect(await downloads(simulator)).toBe(2);
    expect(clients.map(held)).toEqual([
      [A.serial, B.serial],
      [A.serial, B.serial],
    ]);
  });

  it("are taken from the one that downloaded even when this machine's clock runs ahead of its clock", async () => {
    const { simulator, clients } = await fleet(memoryStore(), 2, [], [Date.now, () => Date.now() + 30_000]);
    await Promise.all(clients.map((instance, i) => complete(instance, `K${i}`)));
    await simulator.rotate(B);
    await Promise.all(clients.map((instance, i) => complete(instance, `K${i}b`)));
    expect(await downloads(simulator)).toBe(2);
    expect(held(clients[1]!)).toEqual([A.serial, B.serial]);
  });

  it('are checked when read from the store: a listing altered there is reported, and a good one downloaded', async () => {
    const store = memoryStore();
    const reported: unknown[] = [];
    const { simulator, clients } = await fleet(store, 2, reported);
    await complete(clients[0]!, 'T1');
    const key = 'certificates:1900000001:listing';
    const stored = JSON.parse((await store.get(key))!) as { body: string };
    // Another certificate's ciphertext in the first entry: the body no longer matches its signature.
    await store.set(key, JSON.stringify({ ...stored, body: stored.body.replace(/"serial_no":"[0-9A-F]+"/, `"serial_no":"${B.serial}"`) }), 60_000);
    expect((await complete(clients[1]!, 'T2')).status).toBe(200);
    expect(reported).toHaveLength(1);
    expect(reported[0]).toMatchObject({ name: 'CertificateError' });
    expect(await downloads(simulator)).toBe(2);
    expect(held(clients[1]!)).toEqual([A.serial]);
  });

  it('are downloaded by each client when the store fails, the failure reported', async () => {
    const down = new Error('store unreachable');
    const failing = failingStore(down);
    const reported: unknown[] = [];
    const { simulator, clients } = await fleet(failing, 2, reported);
    for (const [i, instance] of clients.entries()) expect((await complete(instance, `D${i}`)).status).toBe(200);
    expect(await downloads(simulator)).toBe(2);
    expect(reported.length).toBeGreaterThanOrEqual(2);
    expect(reported.every((error) => error === down)).toBe(true);
  });

  it('are downloaded by a synchronous call itself (it cannot wait on the store), and shared for the asynchronous ones', async () => {
    const { simulator, clients } = await fleet(memoryStore(), 2);
    expect(clients[0]!.chain(SEED).post({ out_order_no: 'Y1', json: ORDER }).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await complete(clients[1]!, 'Y2');
    expect(await downloads(simulator)).toBe(1);
  });
});

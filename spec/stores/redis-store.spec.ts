import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, ParameterError } from 'wechatpay-ts';
import { redisStore } from 'wechatpay-ts/redis';
import { redisServer } from '../support/redis-server.js';

// Integration (npm run test:integration): needs the redis-server binary.
const redis = redisServer();
let client: ReturnType<typeof createClient>;
let other: ReturnType<typeof createClient>;

beforeAll(async () => {
  client = await createClient({ url: redis.url }).connect();
  other = await createClient({ url: redis.url }).connect();
});
afterAll(async () => {
  await client?.close();
  await other?.close();
});

describe('redisStore', () => {
  it('claims, reads, sets and deletes under its prefix, with the TTL as PX', async () => {
    const store = redisStore(client, { prefix: 'shop:' });
    expect(await store.claim('k', 'first', 60_000)).toBe(true);
    expect(await store.claim('k', 'second', 60_000)).toBe(false);
    expect(await store.get('k')).toBe('first');
    expect(await client.get('shop:k')).toBe('first');
    const ttl = await client.pTTL('shop:k');
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
    await store.set('k', 'replaced', 5_000);
    expect(await store.get('k')).toBe('replaced');
    expect(await client.pTTL('shop:k')).toBeLessThanOrEqual(5_000);
    await store.delete('k');
    await store.delete('never-set');
    expect(await store.get('k')).toBeUndefined();
    expect(await client.exists('shop:k')).toBe(0);
  });

  it("uses 'wechatpay:' as the default prefix, so that an application's own keys are left alone", async () => {
    await client.set('plain', 'mine');
    const store = redisStore(client);
    await store.set('plain', 'ours', 60_000);
    expect([await client.get('plain'), await client.get('wechatpay:plain')]).toEqual(['mine', 'ours']);
  });

  it('lets exactly one of many concurrent claims, from two connections, win', async () => {
    const stores = [redisStore(client, { prefix: 'race:' }), redisStore(other, { prefix: 'race:' })];
    const wins = await Promise.all(Array.from({ length: 40 }, (_, i) => stores[i % 2]!.claim('same', `claimant ${i}`, 60_000)));
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect(await client.get('race:same')).toBe(`claimant ${wins.indexOf(true)}`);
  });

  it('lets an entry expire with its TTL: the key can be claimed again', async () => {
    const store = redisStore(client, { prefix: 'ttl:' });
    expect(await store.claim('short', 'v', 30)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await store.get('short')).toBeUndefined();
    expect(await store.claim('short', 'w', 60_000)).toBe(true);
  });

  it('refuses a TTL that is not a whole number of milliseconds, writing nothing', async () => {
    const store = redisStore(client, { prefix: 'bad-ttl:' });
    await expect(store.claim('k', 'v', 0)).rejects.toThrow(ParameterError);
    await expect(store.set('k', 'v', 1.5)).rejects.toThrow(ParameterError);
    expect(await client.exists('bad-ttl:k')).toBe(0);
  });

  it.each([
    [null, {}, 'client'],
    [{ get: () => undefined }, {}, 'client'],
    ['redis://127.0.0.1:6379', {}, 'client'],
    ['client', { prefix: 1 }, 'prefix'],
    ['client', { prefx: 'a:' }, 'prefx'],
  ])('refuses client %o with options %o: a ConfigError naming %s', (given, options, field) => {
    const input = given === 'client' ? client : given;
    expect(() => redisStore(input as never, options as never)).toThrow(ConfigError);
    expect(() => redisStore(input as never, options as never)).toThrow(expect.objectContaining({ field }));
  });
});

import { describe, expect, it } from 'vitest';
import { ConfigError, memoryStore, ParameterError } from 'wechatpay-ts';

/** A clock the test moves by hand. */
function handClock(start = 1_800_000_000_000) {
  let now = start;
  return { clock: () => now, advance: (ms: number) => void (now += ms) };
}

describe('memoryStore', () => {
  it('claims a key once: the second claim of a live key is refused and leaves its value', async () => {
    const store = memoryStore();
    expect(await store.claim('k', 'first', 1000)).toBe(true);
    expect(await store.claim('k', 'second', 1000)).toBe(false);
    expect(await store.get('k')).toBe('first');
  });

  it('sets, replaces, reads and deletes; a deleted key can be claimed again', async () => {
    const store = memoryStore();
    expect(await store.get('k')).toBeUndefined();
    await store.set('k', 'a', 1000);
    await store.set('k', 'b', 1000);
    expect(await store.get('k')).toBe('b');
    await store.delete('k');
    await store.delete('absent');
    expect(await store.get('k')).toBeUndefined();
    expect(await store.claim('k', 'c', 1000)).toBe(true);
  });

  it('forgets an entry when its TTL has passed, and not a millisecond before', async () => {
    const { clock, advance } = handClock();
    const store = memoryStore({ clock });
    await store.claim('k', 'v', 1000);
    advance(999);
    expect(await store.get('k')).toBe('v');
    expect(await store.claim('k', 'w', 1000)).toBe(false);
    advance(1);
    expect(await store.get('k')).toBeUndefined();
    expect(await store.claim('k', 'w', 1000)).toBe(true);
  });

  it('holds at most maxEntries: expired entries go first, then the oldest written', async () => {
    const { clock, advance } = handClock();
    const store = memoryStore({ maxEntries: 3, clock });
    await store.set('short', '1', 10);
    await store.set('a', '2', 60_000);
    await store.set('b', '3', 60_000);
    advance(10);
    // Four entries: the expired one goes, the oldest live one stays.
    await store.set('c', '4', 60_000);
    expect(await store.get('a')).toBe('2');
    // Past the bound with nothing expired: the oldest written goes.
    await store.set('d', '5', 60_000);
    expect(await store.get('a')).toBeUndefined();
    expect([await store.get('b'), await store.get('c'), await store.get('d')]).toEqual(['3', '4', '5']);
    // Writing a key again makes it the newest.
    await store.set('b', '6', 60_000);
    await store.set('e', '7', 60_000);
    expect([await store.get('c'), await store.get('b'), await store.get('e')]).toEqual([undefined, '6', '7']);
  });

  it('stays bounded however many keys are written', async () => {
    const store = memoryStore({ maxEntries: 100 });
    for (let i = 0; i < 10_000; i++) await store.claim(`k${i}`, 'v', 3_600_000);
    let live = 0;
    for (let i = 0; i < 10_000; i++) if ((await store.get(`k${i}`)) !== undefined) live++;
    expect(live).toBe(100);
    expect(await store.get('k9999')).toBe('v');
    expect(await store.get('k9899')).toBeUndefined();
  });

  it.each([
    [{ maxEntries: 0 }, 'maxEntries'],
    [{ maxEntries: 1.5 }, 'maxEntries'],
    [{ clock: 5 }, 'clock'],
    [{ maxEntry: 5 }, 'maxEntry'],
  ])('refuses %o with a ConfigError naming %s', (options, field) => {
    expect(() => memoryStore(options as never)).toThrow(ConfigError);
    expect(() => memoryStore(options as never)).toThrow(expect.objectContaining({ field }));
  });

  it('refuses a TTL that is not a whole number of milliseconds, storing nothing', async () => {
    const store = memoryStore();
    for (const ttl of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      await expect(store.claim('k', 'v', ttl)).rejects.toThrow(ParameterError);
      await expect(store.set('k', 'v', ttl)).rejects.toThrow(ParameterError);
    }
    expect(await store.get('k')).toBeUndefined();
  });
});

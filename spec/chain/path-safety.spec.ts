import { describe, expect, it } from 'vitest';
import { ApiError, Builder, ParameterError, VerificationError, type ChainNode, type UntypedWechatpay } from 'wechatpay-ts';
import { failure } from '../support/failures.js';
import { fixture } from '../support/fixtures.js';
import { otherHost } from '../support/other-host.js';
import { simulated } from '../support/simulated.js';

// With the APIv2 key too, so a `v2/…` path would be sent (and its payload signed) rather than refused for lack of it.
const env = simulated({}, { secret: fixture('apiv2-key.txt').trim() });
const other = otherHost();

/** Each way a chain path could name another host; `p` is the other host's port. */
const OTHER_HOST_FORMS: Array<[string, (root: UntypedWechatpay, p: number) => ChainNode, RegExp]> = [
  ['chain() with http://', (root, p) => root.chain(`http://127.0.0.1:${p}/x`), /has a scheme/],
  ['a bracket key with http://', (root, p) => root[`http://127.0.0.1:${p}/x`]!, /has a scheme/],
  ['an upper-case scheme', (root, p) => root.chain(`HTTP://127.0.0.1:${p}/x`), /has a scheme/],
  ['a scheme without slashes', (root, p) => root[`https:127.0.0.1:${p}`]!, /has a scheme/],
  ['a scheme after the v2 prefix', (root, p) => root.chain(`v2/http://127.0.0.1:${p}/x`), /has a scheme/],
  ['a tab inside the scheme', (root, p) => root.chain(`ht\ttp://127.0.0.1:${p}/x`), /control character/],
  ['two backslashes', (root, p) => root.chain(`\\\\127.0.0.1:${p}/x`), /backslash/],
  ['backslash and slash', (root, p) => root.chain(`\\/127.0.0.1:${p}/x`), /backslash/],
  ['a key without / holding backslashes', (root, p) => root[`\\\\127.0.0.1:${p}`]!.x!, /backslash/],
  ['an authority (//host)', (root, p) => root.chain(`//127.0.0.1:${p}/x`), /starts with \/\/ \(an authority: another host\)/],
  ['an authority built from empty keys', (root, p) => root['']![''][`127.0.0.1:${p}`]!.x!, /starts with \/\/ \(an authority: another host\)/],
  // Nothing in the text is refused here; the URL parser drops the leading space and the resolved URL is refused.
  ['a leading space before //', (root, p) => root.chain(` //127.0.0.1:${p}/x`), /resolves to http:\/\/127\.0\.0\.1:\d+\/x, outside baseURL/],
];

/** The call fails in both modes with a ParameterError on `path`, and neither the other host nor the simulator saw anything. */
async function refusedAndUnsent(make: () => ChainNode, message: RegExp, shown: string) {
  const before = { other: other.counts(), simulator: (await env.simulator.received()).length };
  const sync = await failure(() => make().get());
  // An asynchronous verb rejects; it never throws where it is called.
  let pending: unknown;
  const async = await failure(() => (pending = make().getAsync()));
  expect(pending).toBeInstanceOf(Promise);
  for (const error of [sync, async]) {
    expect(error).toBeInstanceOf(ParameterError);
    expect(error).toMatchObject({ code: 'ERR_PARAMETER', parameter: 'path' });
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain(shown);
  }
  expect(other.counts()).toEqual(before.other);
  expect((await env.simulator.received()).length).toBe(before.simulator);
}

describe('a signed request only goes to the baseURL', () => {
  it.each(OTHER_HOST_FORMS)('%s is refused in both modes, and nothing reaches the other host', async (_, form, message) => {
    const root = env.untyped;
    const shown = JSON.stringify(String(form(root, other.port)));
    await refusedAndUnsent(() => form(root, other.port), message, shown);
    expect(other.counts()).toEqual({ connections: 0, requests: 0, signed: 0 });
  });

  it('a node below a refused one is refused too', async () => {
    const root = env.untyped;
    await refusedAndUnsent(() => root.chain(`http://127.0.0.1:${other.port}`).v3.pay, /has a scheme/, `http://127.0.0.1:${other.port}/v3/pay`);
  });

  it('the driver, which takes any path, checks the resolved URL against the baseURL', async () => {
    const driver = env.instance.getDriver();
    for (const path of [`http://127.0.0.1:${other.port}/x`, `\\\\127.0.0.1:${other.port}/x`, ` //127.0.0.1:${other.port}/x`]) {
      for (const error of [await failure(() => driver.request('GET', path)), await failure(() => driver.requestAsync('GET', path))]) {
        expect(error).toBeInstanceOf(ParameterError);
        expect(error).toMatchObject({ code: 'ERR_PARAMETER', parameter: 'path' });
        expect((error as Error).message).toMatch(/outside baseURL http:\/\/127\.0\.0\.1:\d+\/$/);
      }
    }
    expect(other.counts()).toEqual({ connections: 0, requests: 0, signed: 0 });
  });

  it("the call's own baseURL is allowed (and the other host does count what reaches it)", async () => {
    const node = env.untyped.v3.some.path;
    // It answers unsigned, so the call fails after the request has arrived.
    expect(await failure(() => node.getAsync({ baseURL: `http://127.0.0.1:${other.port}/` }))).toBeInstanceOf(VerificationError);
    expect(await failure(() => node.get({ baseURL: `http://127.0.0.1:${other.port}/` }))).toBeInstanceOf(VerificationError);
    expect(other.counts()).toMatchObject({ requests: 2, signed: 2 });
  });
});

describe('dot segments are refused, never resolved into another endpoint', () => {
  it.each([
    ['..', 'v3/merchant-service/images/../../../m/unsigned'],
    ['%2e%2e', 'v3/merchant-service/images/%2e%2e/%2E%2E/%2e%2e/m/unsigned'],
    ['.%2E', 'v3/merchant-service/images/.%2E/.%2E/.%2E/m/unsigned'],
    ['..%2f', 'v3/merchant-service/images/..%2f..%2f..%2fm/unsigned'],
    ['..%5c', 'v3/merchant-service/images/..%5Cm/unsigned'],
    ['.', 'v3/pay/./transactions/jsapi'],
  ])('%s', async (_, path) => {
    await refusedAndUnsent(() => env.untyped.chain(path), /has a dot segment/, JSON.stringify(path));
  });

  it('as a property too', async () => {
    await refusedAndUnsent(() => env.untyped.v3['..'].m.unsigned, /has a dot segment/, '"v3/../m/unsigned"');
  });

  it('a path the URL parser reads as absolute (a leading space before /) cannot climb above a base path', async () => {
    const instance = Builder.factory({ ...env.simulator.config, baseURL: `${env.simulator.baseURL}hk/` }) as unknown as UntypedWechatpay;
    try {
      const before = (await env.simulator.received()).length;
      const sync = await failure(() => instance.chain(' /v3/pay/transactions/jsapi').get());
      const async = await failure(() => instance.chain(' /v3/pay/transactions/jsapi').getAsync());
      for (const error of [sync, async]) {
        expect(error).toBeInstanceOf(ParameterError);
        expect((error as Error).message).toMatch(
          /resolves to http:\/\/127\.0\.0\.1:\d+\/v3\/pay\/transactions\/jsapi, outside baseURL http:\/\/127\.0\.0\.1:\d+\/hk\/$/,
        );
      }
      expect((await env.simulator.received()).length).toBe(before);
    } finally {
      await instance.getDriver().close();
    }
  });

  it('a path the URL parser cannot resolve (a space, then //) is a ParameterError, not a TypeError (found by the fuzzer)', async () => {
    await refusedAndUnsent(() => env.untyped[' '].chain('// '), /is not a path the URL parser can resolve/, '" /// "');
  });

  it('a segment that merely holds dots is sent as written', async () => {
    await expect(env.untyped.chain('v3/marketing/favor/media/a..b').getAsync()).rejects.toBeInstanceOf(ApiError);
    await expect(env.untyped.v3.marketing.favor.media['...'].getAsync()).rejects.toBeInstanceOf(ApiError);
    const sent = (await env.simulator.received()).slice(-2).map((request) => request.target);
    expect(sent).toEqual(['/v3/marketing/favor/media/a..b', '/v3/marketing/favor/media/...']);
  });
});

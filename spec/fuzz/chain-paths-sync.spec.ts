import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { Builder, type UntypedWechatpay } from 'wechatpay-ts';
import { startSimulator, type Simulator } from 'wechatpay-ts/simulator';
import { chainBuildArb, follow, placeholderOptions, type ChainBuild } from './support/paths.js';
import { Secrets, expectCleanError } from './support/secrets.js';
import { fuzz, timeoutOf } from './support/settings.js';
import { escapesBase } from './support/urls.js';

// Target 1, synchronous sample: a synchronous call blocks this thread, so the servers run in worker threads: the
// simulator under a base path, and a second one standing for the host a hijacked request would reach.

const WEIGHT = 0.1;
const state = {} as { home: Simulator; evil: Simulator; instance: UntypedWechatpay; base: URL; secrets: Secrets };

beforeAll(async () => {
  [state.home, state.evil] = await Promise.all([startSimulator({ worker: true }), startSimulator({ worker: true })]);
  state.base = new URL('sandbox/v1/', state.home.baseURL);
  state.instance = Builder.factory<'untyped'>({ ...state.home.config, baseURL: state.base, timeout: 5_000 });
  state.secrets = new Secrets().addBase64(state.home.config.privateKey.replace(/-----[A-Z ]+-----/g, ''));
});

afterAll(async () => {
  await state.instance?.getDriver().close();
  await Promise.all([state.home?.close(), state.evil?.close()]);
});

describe('fuzz: chain keys and paths, synchronous calls (target 1)', () => {
  it(
    'a synchronous call reaches only the base, without dot segments, or fails with a WechatpayError',
    async () => {
      const evilHost = new URL(state.evil.baseURL).host;
      const examples: Array<[ChainBuild]> = [
        [{ mode: 'chain', path: `http://${evilHost}/v3/pay` }],
        [{ mode: 'keys', keys: [`\\\\${evilHost}`, 'x'] }],
        [{ mode: 'chain', path: 'v3/../../../v3/certificates' }],
      ];
      await fc.assert(
        fc.asyncProperty(chainBuildArb(evilHost, false), async (build) => {
          // Counted per case: shrinking a failure replays cases, and an earlier hijack must not fail a later one.
          const [before, evilBefore] = [(await state.home.received()).length, (await state.evil.received()).length];
          try {
            const node = follow(state.instance, build);
            (node.get as (options: unknown) => unknown)(placeholderOptions(build));
          } catch (error) {
            expectCleanError(error, state.secrets);
          }
          const hijacked = (await state.evil.received()).slice(evilBefore);
          if (hijacked.length > 0) throw new Error(`a signed request reached another host: ${hijacked[0]?.method} ${hijacked[0]?.target}`);
          for (const request of (await state.home.received()).slice(before)) {
            const why = escapesBase(new URL(request.target, state.base), state.base);
            if (why !== undefined) throw new Error(why);
          }
        }),
        fuzz({ weight: WEIGHT, examples }),
      );
    },
    timeoutOf(WEIGHT, 200),
  );
});

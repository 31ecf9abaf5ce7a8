import fc from 'fast-check';
import { describe, it } from 'vitest';
import type { WechatpayResponse } from 'wechatpay-ts';
import { fuzzClient } from './support/client.js';
import { fuzzKeys } from './support/keys.js';
import { chainBuildArb, follow, placeholderOptions, type ChainBuild } from './support/paths.js';
import { expectCleanError } from './support/secrets.js';
import { fuzz, timeoutOf } from './support/settings.js';
import { escapesBase, isUnsignedTarget } from './support/urls.js';

// Target 1: chain keys and paths. Whatever a chain is built from, a call either fails with a WechatpayError or
// sends its signed request under the client's baseURL, and returns an unsigned answer only for the unsigned files.

const BASES = ['https://api.mch.weixin.qq.com/', 'https://apihk.mch.weixin.qq.com/hk/', 'http://127.0.0.1:8443/sandbox/v1/'];
const keys = fuzzKeys();
const clients = BASES.map((baseURL) => fuzzClient({ baseURL }, keys));
const VERBS = ['getAsync', 'postAsync', 'putAsync', 'patchAsync', 'deleteAsync'] as const;

type Case = [base: number, build: ChainBuild, verb: (typeof VERBS)[number], signedAnswer: boolean];

const caseArb = fc.tuple(fc.nat({ max: BASES.length - 1 }), chainBuildArb('evil.example'), fc.constantFrom(...VERBS), fc.boolean());

/** Runs one case: the call, what was sent, and what came back. */
async function run([which, build, verb, signedAnswer]: Case) {
  const client = clients[which] as (typeof clients)[number];
  const { transport } = client;
  transport.reset();
  transport.answer = () => (signedAnswer ? transport.signed(200, '{"ok":true}') : transport.unsigned(200, '{"ok":true}'));
  const base = new URL(BASES[which] as string);
  let returned: WechatpayResponse | undefined;
  try {
    const node = follow(client.instance, build);
    const call = node[verb] as (options: unknown) => Promise<WechatpayResponse>;
    returned = await call({ ...placeholderOptions(build), ...(verb === 'getAsync' || verb === 'deleteAsync' ? {} : { json: { a: 1 } }) });
  } catch (error) {
    // The property is about where requests go; every target checks its errors the same way.
    expectCleanError(error, client.secrets.withSignatures(transport.requests));
  }
  return { base, requests: transport.requests, returned, signedAnswer };
}

const onBase = (...build: Array<ChainBuild | string>): Case[] =>
  build.map((item) => [0, typeof item === 'string' ? { mode: 'chain', path: item } : item, 'getAsync', true]);
const underHk = (...paths: string[]): Case[] => paths.map((path) => [1, { mode: 'chain', path }, 'getAsync', true]);

describe('fuzz: chain keys and paths (target 1)', () => {
  it(
    'sends every call to the base origin, or fails with a WechatpayError',
    async () => {
      const examples = onBase(
        'http://x/',
        'HTTP://evil.example/v3/pay',
        '//evil.example/v3',
        '\\\\evil.example/y',
        { mode: 'keys', keys: ['\\\\other.example', 'x'] },
        { mode: 'keys', keys: ['http:', 'evil.example', 'x'] },
      );
      await fc.assert(
        fc.asyncProperty(caseArb, async (...args) => {
          const { base, requests } = await run(args[0]);
          for (const request of requests) {
            const url = request.url;
            if (url.origin !== base.origin || url.username !== '' || url.password !== '') {
              throw new Error(`the signed request went to ${url.href}, off the base ${base.href}`);
            }
          }
        }),
        fuzz({ examples: examples.map((example) => [example] as [Case]) }),
      );
    },
    timeoutOf(),
  );

  it(
    'sends no dot segment and nothing above the base path',
    async () => {
      const examples = underHk('v3/../../a', 'v3/%2e%2e/a', 'v3/.%2E/a', 'v3/..%2f/a', 'v3/./a', 'v3/%2E%2e/%2e%2e/x');
      await fc.assert(
        fc.asyncProperty(caseArb, async (...args) => {
          const { base, requests } = await run(args[0]);
          for (const request of requests) {
            const why = escapesBase(request.url, base);
            if (why !== undefined && request.url.origin === base.origin) throw new Error(why);
          }
        }),
        fuzz({ examples: examples.map((example) => [example] as [Case]) }),
      );
    },
    timeoutOf(),
  );

  it(
    'returns an unsigned answer only for the unsigned file endpoints',
    async () => {
      const examples: Case[] = [
        [0, { mode: 'chain', path: 'v3/merchant-service/images/../../pay/transactions/id/42' }, 'getAsync', false],
        [0, { mode: 'chain', path: 'v3/billdownload/file/%2e%2e/%2e%2e/pay/transactions/id/42' }, 'getAsync', false],
        [1, { mode: 'chain', path: 'v3/merchant-service/images/.%2E/.%2E/certificates' }, 'getAsync', false],
      ];
      await fc.assert(
        fc.asyncProperty(caseArb, async (...args) => {
          const { base, requests, returned, signedAnswer } = await run(args[0]);
          if (returned === undefined || signedAnswer) return;
          const sent = requests[requests.length - 1];
          if (sent === undefined || !isUnsignedTarget(sent.url, base)) {
            throw new Error(`an unsigned answer was returned for ${sent?.url.href ?? 'a call that sent nothing'}`);
          }
        }),
        fuzz({ examples: examples.map((example) => [example] as [Case]) }),
      );
    },
    timeoutOf(),
  );
});

import { Writable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fetchTransport, WechatpayError, type FetchFunction } from 'wechatpay-ts';
import { fuzzClient } from './support/client.js';
import { expectCleanError } from './support/secrets.js';
import { fuzz, timeoutOf } from './support/settings.js';

// Target 8: secrets in errors. Every property of the other targets checks its errors for the merchant key, the APIv3
// key and the APIv2 secret (and the call's Authorization signature); here the secret is a download token, in the query
// of a bill's download_url, and the errors are those of downloads and calls that fail on the way.

const BASE = 'https://api.mch.weixin.qq.com/';

/** How the exchange fails: fetch rejects, never answers (timeout), is aborted, answers the wrong file or an error page. */
type Failure = 'network' | 'timeout' | 'abort' | 'hash' | 'notFound' | 'serverError';
/** How the token is used: a download of an apply answer, of a bare URL (well-formed or not, on a foreign host), or a chain call. */
type Use = 'applyAnswer' | 'url' | 'malformedUrl' | 'foreignUrl' | 'chainQuery';

const calls: Array<{ headers: Headers }> = [];
let failure: Failure = 'network';
const fetchFunction: FetchFunction = async (_url, init) => {
  calls.push({ headers: new Headers(init.headers) });
  switch (failure) {
    case 'network':
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    case 'timeout':
    case 'abort':
      return await new Promise<Response>((_, reject) => init.signal?.addEventListener('abort', () => reject(init.signal?.reason), { once: true }));
    case 'hash':
      return new Response('交易时间,金额\n`2026-01-01,`1.00\n', { status: 200 });
    case 'notFound':
      return new Response('<html>404</html>', { status: 404, headers: { 'Content-Type': 'text/html' } });
    case 'serverError':
      return new Response('{"code":"SYSTEM_ERROR","message":"busy"}', { status: 500, headers: { 'Content-Type': 'application/json' } });
  }
};
const client = fuzzClient({ baseURL: BASE, transport: fetchTransport(fetchFunction) });

const sink = () => new Writable({ write: (_chunk, _encoding, done) => done() });

/** The error of the call, or undefined when it succeeded (a chain call to the bill file is not a download: no hash to fail). */
async function attempt(use: Use, token: string, mode: Failure): Promise<unknown> {
  failure = mode;
  const driver = client.instance.getDriver();
  const url = `${BASE}v3/billdownload/file?token=${token}&tartype=gzip`;
  const controller = new AbortController();
  if (mode === 'abort') setTimeout(() => controller.abort(), 1);
  const timing = mode === 'timeout' ? { timeout: 5 } : mode === 'abort' ? { signal: controller.signal } : {};
  const hash = { hash_type: 'SHA1', hash_value: 'da39a3ee5e6b4b0d3255bfef95601890afd80709' };
  try {
    switch (use) {
      case 'applyAnswer':
        await driver.download({ download_url: url, ...hash }, { to: sink(), ...timing });
        break;
      case 'url':
        await driver.download(url, { to: sink(), hash: { type: 'SHA1', value: hash.hash_value }, ...timing });
        break;
      case 'malformedUrl':
        await driver.download(url.replace('https://', 'https//'), { to: sink(), ...timing });
        break;
      case 'foreignUrl':
        await driver.download(url.replace(BASE, 'https://evil.example/'), { to: sink(), ...timing });
        break;
      case 'chainQuery':
        await client.instance.v3.billdownload.file.getAsync({ query: { token, tartype: 'gzip' }, ...timing });
        break;
    }
  } catch (error) {
    return error;
  }
  if (mode !== 'hash' || use !== 'chainQuery') throw new Error(`the ${use} call with a ${mode} exchange did not fail`);
  return undefined;
}

describe('fuzz: secrets in errors (target 8)', () => {
  it('the check itself finds a key cut into a message or hidden in a cause, and passes a clean error', () => {
    const base64 = client.keys.merchantPem.replace(/-----[A-Z ]+-----|\s/g, '');
    const slice = base64.slice(200, 240);
    expect(() => expectCleanError(new WechatpayError(`bad key …${slice}…`, 'ERR_X'), client.secrets)).toThrow(/shows a secret/);
    expect(() => expectCleanError(new WechatpayError('wrapped', 'ERR_X', { cause: { detail: client.keys.apiV3Key } }), client.secrets)).toThrow(
      /shows a secret/,
    );
    expect(() =>
      expectCleanError(Object.assign(new WechatpayError('x', 'ERR_X'), { extra: { secret: client.keys.secret } }), client.secrets),
    ).toThrow(/shows a secret/);
    expect(() => expectCleanError(new TypeError('Invalid URL'), client.secrets)).toThrow(/expected a WechatpayError, got TypeError/);
    expect(() => expectCleanError(new WechatpayError(`slice ${base64.slice(200, 239)} is one short`, 'ERR_X'), client.secrets)).not.toThrow();
  });

  it(
    'no error of a download or call shows its token, Authorization signature or a key',
    async () => {
      const examples: Array<[Use, string, Failure]> = [
        ['applyAnswer', 'TOKEN_kq5Yb2lX9R0a7JcM', 'network'],
        ['malformedUrl', 'TOKEN_kq5Yb2lX9R0a7JcM', 'network'],
        ['chainQuery', 'TOKEN_kq5Yb2lX9R0a7JcM', 'timeout'],
      ];
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom<Use>('applyAnswer', 'url', 'malformedUrl', 'foreignUrl', 'chainQuery'),
          fc.stringMatching(/^[A-Za-z0-9_-]{16,48}$/),
          fc.constantFrom<Failure>('network', 'timeout', 'abort', 'hash', 'notFound', 'serverError'),
          async (use, token, mode) => {
            calls.length = 0;
            const error = await attempt(use, token, mode);
            if (error === undefined) return;
            const secrets = client.secrets.withSignatures(calls).with((more) => more.add(token));
            expectCleanError(error, secrets);
          },
        ),
        fuzz({ weight: 0.5, examples }),
      );
    },
    timeoutOf(0.5),
  );
});

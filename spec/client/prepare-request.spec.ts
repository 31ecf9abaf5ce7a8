import { describe, expect, it } from 'vitest';
import { ApiError, ParameterError, type CallOptions } from 'wechatpay-ts';
import { ORDER, SEED, simulated } from '../support/simulated.js';

const env = simulated();

function cyclic(): object {
  const json: Record<string, unknown> = { ...ORDER };
  json.self = json;
  return json;
}

/** Runs the same bad call in both modes; both must throw the same ParameterError before sending anything. */
async function refusedInBothModes(options: unknown, parameter: string, message: RegExp, template = SEED, verb: 'post' | 'get' = 'post') {
  const before = (await env.simulator.received()).length;
  const node = env.instance.chain(template);
  const sync = (() => {
    try {
      node[verb](options as CallOptions);
    } catch (error) {
      return error;
    }
    return undefined;
  })();
  const async = await node[`${verb}Async`](options as CallOptions).catch((error: unknown) => error);
  for (const error of [sync, async]) {
    expect(error).toBeInstanceOf(ParameterError);
    expect(error).toMatchObject({ name: 'ParameterError', code: 'ERR_PARAMETER', field: parameter });
    expect((error as Error).message).toMatch(message);
  }
  expect((await env.simulator.received()).length).toBe(before);
}

describe('bad input fails before anything is sent, in both modes', () => {
  it.each([
    ['missing', {}, /\{out_order_no\} needs a string or a finite number, got missing/],
    ['null', { out_order_no: null }, /got null/],
    ['empty', { out_order_no: '' }, /is empty/],
    ['a boolean', { out_order_no: true }, /got a boolean/],
    ['an object', { out_order_no: { id: 1 } }, /got an object/],
    ['NaN', { out_order_no: Number.NaN }, /got a number/],
    ['a dot segment', { out_order_no: '..' }, /cannot be "." or ".."/],
    ['a lone surrogate', { out_order_no: 'A\uD800' }, /holds a lone surrogate/],
  ])('a placeholder value that is %s', async (_, values, message) => {
    await refusedInBothModes({ ...values, json: ORDER }, 'out_order_no', message);
  });

  it('a {+name} placeholder that climbs with ..', async () => {
    await refusedInBothModes({ path: 'a/../b' }, 'path', /cannot be "." or ".."/, 'v3/files/{+path}', 'get');
  });

  it.each([
    [
      'an unknown option (a typo)',
      { out_order_no: 'A1', jsno: ORDER },
      'jsno',
      /is not an option of POST v3\/payscore.* \(known: out_order_no, json, body/,
    ],
    ['json and body together', { out_order_no: 'A1', json: ORDER, body: '{}' }, 'json', /cannot be given together with body/],
    ['json as a string', { out_order_no: 'A1', json: '{}' }, 'json', /must be an object or an array/],
    ['a body of another type', { out_order_no: 'A1', body: 42 }, 'body', /must be a string, a Uint8Array or a multipart object/],
    ['a query that is not an object', { out_order_no: 'A1', query: 'a=1' }, 'query', /must be a plain object/],
    ['a query value that is an object', { out_order_no: 'A1', query: { a: { b: 1 } } }, 'query.a', /got object/],
    ['a query value with a lone surrogate', { out_order_no: 'A1', query: { a: ['x', '\uDC00'] } }, 'query.a', /holds a lone surrogate/],
    ['a query key with a lone surrogate', { out_order_no: 'A1', query: { 'k\uD800': 'x' } }, 'query', /a key holds a lone surrogate/],
    ['a header value that is not a string', { out_order_no: 'A1', headers: { 'X-A': 1 } }, 'headers.X-A', /must be a string/],
    ['a header value with a line break', { out_order_no: 'A1', headers: { 'X-A': 'a\r\nInjected: 1' } }, 'headers.X-A', /not a valid header/],
    ['a header name with a space', { out_order_no: 'A1', headers: { 'X A': '1' } }, 'headers.X A', /not a valid header/],
    ['a header value beyond Latin-1', { out_order_no: 'A1', headers: { 'X-A': '中文' } }, 'headers.X-A', /not a valid header/],
    ['json with a cycle', { out_order_no: 'A1', json: cyclic() }, 'json', /^json: cannot be written as JSON: Converting circular structure to JSON$/],
    [
      'json with a BigInt',
      { out_order_no: 'A1', json: { total_amount: 1200n } },
      'json',
      /^json: cannot be written as JSON: Do not know how to serialize a BigInt$/,
    ],
    [
      'a baseURL whose query holds a token',
      { out_order_no: 'A1', baseURL: 'nope?token=SECRET-TOKEN' },
      'baseURL',
      /^baseURL: is not an absolute URL: nope\?token=…$/,
    ],
    ['a baseURL that is not a URL', { out_order_no: 'A1', baseURL: 'api.mch.weixin.qq.com' }, 'baseURL', /not an absolute URL/],
    ['a baseURL that is not http(s)', { out_order_no: 'A1', baseURL: 'ftp://example.com/' }, 'baseURL', /must be an http\(s\) URL/],
    ['a timeout of 0', { out_order_no: 'A1', timeout: 0 }, 'timeout', /above 0 and at most 2147483647 .*, got 0$/],
    [
      'a timeout of 2^31 ms (a timer would fire after 1 ms)',
      { out_order_no: 'A1', timeout: 2 ** 31 },
      'timeout',
      /at most 2147483647 \(2\^31 - 1, the longest a timer waits\), got 2147483648$/,
    ],
    ['a NaN timeout', { out_order_no: 'A1', timeout: Number.NaN }, 'timeout', /got NaN$/],
    ['a negative timeout', { out_order_no: 'A1', timeout: -5 }, 'timeout', /got -5$/],
    ['a maxResponseBytes of 0', { out_order_no: 'A1', maxResponseBytes: 0 }, 'maxResponseBytes', /positive whole number of bytes, got 0$/],
    ['a maxResponseBytes given as a string', { out_order_no: 'A1', maxResponseBytes: '1024' }, 'maxResponseBytes', /positive whole number of bytes$/],
    ['options that are not an object', 'out_order_no', 'options', /must be a plain object/],
  ])('%s', async (_, options, parameter, message) => {
    await refusedInBothModes(options, parameter, message);
  });

  it('a GET with a body', async () => {
    await refusedInBothModes({ json: { a: 1 } }, 'json', /a GET request carries no body/, 'v3/certificates', 'get');
  });

  it('a signal in a synchronous call (only timeouts apply there)', async () => {
    const before = (await env.simulator.received()).length;
    expect(() => env.instance.chain(SEED).post({ out_order_no: 'A1', json: ORDER, signal: new AbortController().signal })).toThrow(
      expect.objectContaining({ name: 'ParameterError', field: 'signal' }),
    );
    expect((await env.simulator.received()).length).toBe(before);
  });
});

describe('good input', () => {
  it('fills placeholders with encoded values, numbers included, and {+name} keeps slashes', async () => {
    await expect(env.instance.chain('v3/files/{+path}/{id}').getAsync({ path: 'a b/c', id: 42 })).rejects.toBeInstanceOf(ApiError);
    expect(() => env.instance.v3.items._id_.get({ id: 'x/y?z#' })).toThrow(ApiError);
    const sent = (await env.simulator.received()).slice(-2).map((r) => r.target);
    expect(sent).toEqual(['/v3/files/a%20b/c/42', '/v3/items/x%2Fy%3Fz%23']);
  });

  it('merges a query with one already in the path, RFC 3986 encoded', async () => {
    await expect(
      env.instance.chain('v3/billdownload/file?token=abc').getAsync({ query: { q: "it's (ok)*", n: 1, b: false } }),
    ).rejects.toBeInstanceOf(ApiError);
    expect((await env.simulator.received()).at(-1)!.target).toBe('/v3/billdownload/file?token=abc&q=it%27s%20%28ok%29%2A&n=1&b=false');
  });

  it('takes a per-call baseURL and keeps its base path', async () => {
    await expect(env.instance.v3.x.getAsync({ baseURL: `${env.simulator.baseURL}hk` })).rejects.toBeInstanceOf(ApiError);
    expect((await env.simulator.received()).at(-1)!.target).toBe('/hk/v3/x');
  });
});

import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Builder, TransportError, fetchTransport, type CallOptions, type UntypedWechatpay, type WechatpayResponse } from 'wechatpay-ts';
import { MERCHANT_SERIAL, PUBLIC_KEY_ID, fixture } from '../support/fixtures.js';
import { failure } from '../support/failures.js';
import { scriptedServer, type BigAnswer } from '../support/scripted-server.js';

const env = scriptedServer();
const LIMIT = 64 * 1024;
/** Far more than any socket buffer holds: an answer read to the end would show here. */
const HUGE = 64 * 1024 * 1024;

type Way = 'sync' | 'async (undici)' | 'async (fetch)';
const WAYS: Way[] = ['sync', 'async (undici)', 'async (fetch)'];

let fetching: UntypedWechatpay | undefined;
/** A client over fetchTransport, on the same server and keys. */
function fetchClient(config: { maxResponseBytes?: number } = {}): UntypedWechatpay {
  return Builder.factory<'untyped'>({
    mchid: '1900000001',
    serial: MERCHANT_SERIAL,
    privateKey: fixture('merchant-key.pem'),
    certs: { [PUBLIC_KEY_ID]: fixture('platform-pub.pem') },
    baseURL: env.url,
    transport: fetchTransport(),
    ...config,
  });
}
afterAll(() => fetching?.getDriver().close());

function call(
  way: Way,
  path: string,
  options: CallOptions,
  instance: UntypedWechatpay = env.instance,
): Promise<WechatpayResponse> | WechatpayResponse {
  if (way === 'sync') return instance.chain(path).get(options);
  if (way === 'async (fetch)' && instance === env.instance) instance = fetching ??= fetchClient();
  return instance.chain(path).getAsync(options);
}

/** The server's record of the streamed answer `id`, once its connection is over. */
async function streamed(id: string): Promise<BigAnswer> {
  for (const end = Date.now() + 5000; Date.now() < end; await new Promise((resolve) => setTimeout(resolve, 20))) {
    const entry = (await env.stats()).big.find((answer) => answer.id === id);
    if (entry && (entry.closedEarly || entry.finished)) return entry;
  }
  throw new Error(`the server has no finished record of ${id}`);
}

function expectTooLarge(error: unknown, limit: number): void {
  expect(error).toBeInstanceOf(TransportError);
  expect(error).toMatchObject({ name: 'TransportError', reason: 'too_large', code: 'ERR_TRANSPORT_TOO_LARGE' });
  expect((error as Error).message).toMatch(
    new RegExp(`larger than maxResponseBytes, ${limit} bytes.*raise maxResponseBytes on the client or for the call`),
  );
}

let sequence = 0;
const nextId = (way: Way) => `${way.replace(/\W+/g, '-')}-${(sequence += 1)}`;

describe.each(WAYS)('an answer larger than maxResponseBytes (%s)', (way) => {
  it.each([
    ['announced by Content-Length', '1'],
    ['sent chunked, without a length', '0'],
  ])('%s, fails with too_large and the rest is never read', async (_, length) => {
    const id = nextId(way);
    const error = await failure(() => call(way, 'v3/script/big', { query: { bytes: HUGE, length, id }, maxResponseBytes: LIMIT }));
    expectTooLarge(error, LIMIT);
    const seen = await streamed(id);
    expect(seen).toMatchObject({ closedEarly: true, finished: false });
    expect(seen.written).toBeLessThan(HUGE);
  });

  it('is refused for an error answer too', async () => {
    const id = nextId(way);
    const error = await failure(() => call(way, 'v3/script/big', { query: { bytes: HUGE, length: '0', status: 500, id }, maxResponseBytes: LIMIT }));
    expectTooLarge(error, LIMIT);
    expect(await streamed(id)).toMatchObject({ closedEarly: true, finished: false });
  });

  it('passes when the answer fits', async () => {
    const response = await call(way, 'v3/script/answer', { maxResponseBytes: 64 });
    expect(response.json()).toEqual({ ok: true });
  });

  it('does not count a download, which streams to its file', async () => {
    const to = join(mkdtempSync(join(tmpdir(), 'capped-')), 'bill.csv');
    const bytes = 4 * LIMIT;
    const response = await call(way, 'v3/billdownload/file', { query: { bytes, id: nextId(way) }, maxResponseBytes: LIMIT, download: { to } });
    expect(response.download).toMatchObject({ received: bytes, written: bytes });
    expect(statSync(to).size).toBe(bytes);
  });
});

describe('the client option maxResponseBytes', () => {
  const capped = scriptedServer({ maxResponseBytes: LIMIT });

  it.each(['sync', 'async'] as const)('caps every call (%s), and a call option raises it', async (mode) => {
    const id = `client-${mode}`;
    const node = capped.instance.chain('v3/script/big');
    const options = { query: { bytes: HUGE, length: '0', id } };
    expectTooLarge(await failure(() => (mode === 'sync' ? node.get(options) : node.getAsync(options))), LIMIT);
    const raised = { query: { bytes: 2 * LIMIT, id: `${id}-raised` }, maxResponseBytes: 4 * LIMIT };
    // Unsigned, so the verifier refuses it: but only after the whole body was read.
    const error = await failure(() => (mode === 'sync' ? node.get(raised) : node.getAsync(raised)));
    expect(error).toMatchObject({ name: 'VerificationError', check: 'headers' });
  });

  it('defaults to 32 MiB', async () => {
    const id = 'default-32MiB';
    const error = await failure(() => env.instance.chain('v3/script/big').getAsync({ query: { bytes: 33 * 1024 * 1024, id } }));
    expectTooLarge(error, 32 * 1024 * 1024);
  });
});

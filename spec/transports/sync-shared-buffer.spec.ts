/**
 * Synchronous calls pass an ordinary request and its answer through a buffer shared with the worker (64 KiB), and
 * anything larger as a message: either way the bytes, the headers and the path arrive whole and exact.
 */
import { describe, expect, it } from 'vitest';
import { Builder, type UntypedWechatpay, type WechatpayResponse } from 'wechatpay-ts';
import { MERCHANT_SERIAL, PUBLIC_KEY_ID, fixture } from '../support/fixtures.js';
import { scriptedServer } from '../support/scripted-server.js';

const env = scriptedServer();
const KIB = 1024;

/** A JSON object whose encoding is `bytes` bytes long, with characters of one, two and three bytes in UTF-8. */
function document(bytes: number, mark: string): { mark: string; text: string } {
  const bare = Buffer.byteLength(JSON.stringify({ mark, text: '' }));
  const unit = 'aé微'; // 1 + 2 + 3 bytes
  const left = bytes - bare;
  const text = unit.repeat(Math.floor(left / 6)) + 'a'.repeat(left % 6);
  const made = { mark, text };
  expect(Buffer.byteLength(JSON.stringify(made))).toBe(bytes);
  return made;
}

function expectEcho(response: WechatpayResponse, sent: { mark: string; text: string }): void {
  expect(response.status).toBe(200);
  expect(Buffer.from(response.body).equals(Buffer.from(JSON.stringify(sent)))).toBe(true);
  expect(response.json()).toEqual(sent);
  expect(response.headers.getSetCookie()).toEqual(['first=1', 'second=2']);
  expect(response.headers.get('x-echo-type')).toBe('application/json');
  expect(response.headers.get('x-echo-path')).toBe(`/v3/script/echo?mark=${encodeURIComponent(sent.mark)}`);
}

const echo = (instance: UntypedWechatpay, sent: { mark: string; text: string }) =>
  instance.chain('v3/script/echo').post({ query: { mark: sent.mark }, json: sent });

describe('the synchronous transport on either side of its shared buffer', () => {
  it.each([
    ['a small request and answer', 100],
    ['just under the buffer, with its headers', 64 * KIB - 1200],
    ['about the buffer, with its headers', 64 * KIB - 400],
    ['exactly the buffer, headers aside', 64 * KIB],
    ['beyond the buffer', 64 * KIB + 1],
    ['far beyond the buffer', 300 * KIB],
  ])('%s (%i bytes of body each way) arrive whole and exact', (_, bytes) => {
    const sent = document(bytes, `微-${bytes}`);
    expectEcho(echo(env.instance, sent), sent);
  });

  it('sends a header value with bytes above ASCII as they are, and reads them back', () => {
    const sent = document(100, 'note');
    const response = env.instance.chain('v3/script/echo').post({ query: { mark: sent.mark }, json: sent, headers: { 'X-Note': 'café ÿ' } });
    expectEcho(response, sent);
    expect(response.headers.get('x-echo-note')).toBe('café ÿ');
  });

  it('gives the same answer as an asynchronous call', async () => {
    const sent = document(2 * KIB, 'same');
    const sync = echo(env.instance, sent);
    const async = await env.instance.chain('v3/script/echo').postAsync({ query: { mark: sent.mark }, json: sent });
    const listed = (response: WechatpayResponse) =>
      [...response.headers].filter(([name]) => !/^(date|wechatpay-(nonce|signature|timestamp))$/.test(name));
    expect(listed(sync)).toEqual(listed(async));
    expect(Buffer.from(sync.body).equals(Buffer.from(async.body))).toBe(true);
  });
});

describe('two clients taking turns on the shared worker', () => {
  it('each gets its own answer, small (shared buffer) and large (message) in turn', async () => {
    const second = Builder.factory<'untyped'>({
      mchid: '1900000001',
      serial: MERCHANT_SERIAL,
      privateKey: fixture('merchant-key.pem'),
      certs: { [PUBLIC_KEY_ID]: fixture('platform-pub.pem') },
      baseURL: env.url,
      timeout: 7000,
    });
    try {
      for (let round = 0; round < 6; round++) {
        const small = document(200 + round, `first-${round}`);
        const large = document(80 * KIB + round, `second-${round}`);
        const [a, b] = round % 2 ? [env.instance, second] : [second, env.instance];
        expectEcho(echo(a, small), small);
        expectEcho(echo(b, large), large);
      }
    } finally {
      await second.getDriver().close();
    }
  });
});

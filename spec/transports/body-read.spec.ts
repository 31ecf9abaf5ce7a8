/**
 * The asynchronous transport reads an answer's body through the stream's events (not its async iterator): a body
 * cut short, a body that stalls past the call's timeout and a signed answer in many small pieces must still end
 * the call the way they did, and leave no listener behind.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Builder, TransportError, type UntypedWechatpay } from 'wechatpay-ts';
import { rejection } from '../support/failures.js';
import { MERCHANT_SERIAL, PUBLIC_KEY_ID, fixture } from '../support/fixtures.js';

let server: Server;
let instance: UntypedWechatpay;
/** Answers still open when a test ends, closed in afterAll. */
const open = new Set<ServerResponse>();

beforeAll(async () => {
  server = createServer((req, res) => {
    open.add(res);
    res.on('close', () => open.delete(res));
    if (req.url?.startsWith('/v3/cut')) {
      // 1000 bytes announced, 10 sent, then the connection goes.
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '1000' });
      res.write('{"partial"');
      setTimeout(() => res.socket?.destroy(), 20);
    } else if (req.url?.startsWith('/v3/stall')) {
      // The headers come at once, the body never ends.
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '1000' });
      res.write('{"slow"');
    } else if (req.url?.startsWith('/v3/pieces')) {
      // An unsigned error answer in 201 small chunks, whose claim only reads right if every chunk arrived in order.
      res.writeHead(400, { 'Content-Type': 'application/json' });
      let sent = 0;
      const more = () => {
        if (sent === 200) return void res.end('"}');
        res.write(sent === 0 ? '{"code":"PIECES","message":"' : String(sent % 10));
        sent += 1;
        setImmediate(more);
      };
      more();
    } else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  instance = Builder.factory<'untyped'>({
    mchid: '1900000001',
    serial: MERCHANT_SERIAL,
    privateKey: fixture('merchant-key.pem'),
    certs: { [PUBLIC_KEY_ID]: fixture('platform-pub.pem') },
    baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
  });
});

afterAll(async () => {
  await instance?.getDriver().close();
  for (const res of open) res.socket?.destroy();
  await new Promise((resolve) => server.close(resolve));
});

describe('reading an answer body (async, undici)', () => {
  it('a body cut short is a network failure, not a hang or a short body', async () => {
    const error = await rejection(instance.chain('v3/cut').getAsync({ timeout: 5000 }));
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ reason: 'network' });
  });

  it('a body that stalls past the timeout times out while it is read', async () => {
    const started = performance.now();
    const error = await rejection(instance.chain('v3/stall').getAsync({ timeout: 300 }));
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ reason: 'timeout' });
    expect((error as Error).message).toMatch(/timed out after 300 ms/);
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('a body in many pieces is read whole and in order', async () => {
    const error = await rejection(instance.chain('v3/pieces').getAsync());
    const digits = Array.from({ length: 199 }, (_, i) => String((i + 1) % 10)).join('');
    expect(error).toMatchObject({ name: 'ApiError', status: 400, unverified: { code: 'PIECES', message: digits } });
  });
});

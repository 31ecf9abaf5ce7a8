import { mkdtempSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Builder, fetchTransport, ParameterError, TransportError, type ClientConfig } from 'wechatpay-ts';
import { rejection, thrown } from '../support/failures.js';
import { MERCHANT_SERIAL, PUBLIC_KEY_ID, fixture } from '../support/fixtures.js';

const TOKEN = 'SECRET-TOKEN-3f9a';
const dir = mkdtempSync(join(tmpdir(), 'safe-urls-spec-'));
const config: ClientConfig = {
  mchid: '1900000001',
  serial: MERCHANT_SERIAL,
  privateKey: fixture('merchant-key.pem'),
  certs: { [PUBLIC_KEY_ID]: fixture('platform-pub.pem') },
};

/** Everything a log could show of an error. */
const shown = (error: unknown) => [String(error), JSON.stringify(error), inspect(error, { depth: 10 })].join('\n');

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// A server that accepts connections and never answers. The kernel accepts them even while a synchronous call blocks
// this thread, so it serves the synchronous calls too.
let silent: Server;
const sockets: Socket[] = [];
beforeAll(async () => {
  silent = createServer((socket) => void sockets.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
});

describe("a download URL's token never reaches an error", () => {
  it('a network failure, sync and async, undici and fetch: the URL shows ?token=…', async () => {
    const port = await closedPort();
    const base = `http://127.0.0.1:${port}/`;
    const url = `${base}v3/billdownload/file?token=${TOKEN}&tartype=gzip`;
    const undici = Builder.factory({ ...config, baseURL: base }).getDriver();
    const fetched = Builder.factory({ ...config, baseURL: base, transport: fetchTransport() }).getDriver();
    try {
      const errors = [
        await rejection(undici.download(url, { to: join(dir, 'a.csv') })),
        thrown(() => undici.downloadSync(url, { to: join(dir, 'b.csv') })),
        await rejection(fetched.download(url, { to: join(dir, 'c.csv') })),
      ];
      for (const error of errors) {
        expect(error).toBeInstanceOf(TransportError);
        expect(error).toMatchObject({
          reason: 'connect',
          message: expect.stringMatching(
            new RegExp(`^GET http://127\\.0\\.0\\.1:${port}/v3/billdownload/file\\?token=…&tartype=… failed to connect`),
          ),
        });
        expect(shown(error)).not.toContain(TOKEN);
      }
    } finally {
      await Promise.all([undici.close(), fetched.close()]);
    }
  });

  it('a timeout, sync and async: the URL shows ?token=…', async () => {
    const { port } = silent.address() as { port: number };
    const base = `http://127.0.0.1:${port}/`;
    const url = `${base}v3/billdownload/file?token=${TOKEN}`;
    const client = Builder.factory({ ...config, baseURL: base, timeout: 300 }).getDriver();
    try {
      for (const error of [
        await rejection(client.download(url, { to: join(dir, 'd.csv') })),
        thrown(() => client.downloadSync(url, { to: join(dir, 'e.csv') })),
      ]) {
        expect(error).toBeInstanceOf(TransportError);
        expect(error).toMatchObject({ reason: 'timeout', message: `GET ${base}v3/billdownload/file?token=… timed out after 300 ms` });
        expect(shown(error)).not.toContain(TOKEN);
      }
    } finally {
      await client.close();
    }
  });

  it('a download_url that is no URL: the ParameterError shows no token either', async () => {
    const client = Builder.factory(config).getDriver();
    const error = await rejection(client.download(`api.mch.weixin.qq.com/v3/billdownload/file?token=${TOKEN}`, { to: join(dir, 'f.csv') }));
    expect(error).toBeInstanceOf(ParameterError);
    expect(error).toMatchObject({
      field: 'download_url',
      message: 'download_url: is not an absolute URL: api.mch.weixin.qq.com/v3/billdownload/file?token=…',
    });
    expect(shown(error)).not.toContain(TOKEN);
  });
});

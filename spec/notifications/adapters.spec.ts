import { request as httpRequest, type IncomingMessage } from 'node:http';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConfigError, Notification, NotificationError, type NotificationEvent } from 'wechatpay-ts';
import { startSimulator, type SentNotification, type Simulator } from 'wechatpay-ts/simulator';
import { notifyReceiver } from '../support/notify-receiver.js';

const receiver = notifyReceiver();
let simulator: Simulator;
let notification: Notification;
const errors: unknown[] = [];
const onError = (error: unknown) => void errors.push(error);

beforeAll(async () => {
  simulator = await startSimulator();
  notification = new Notification({ apiV3Key: simulator.apiV3Key, certs: { [simulator.platform.serial]: simulator.platform.publicKey } });
});
afterAll(() => simulator.close());

/** A route that reads the body first, as a framework's body parser would, and leaves `parse(raw)` on `req.body`. */
function preParsed(path: string, parse: (raw: Buffer) => unknown, got: NotificationEvent[]): string {
  const handler = notification.nodeHandler((event) => void got.push(event), { onError });
  return receiver.route(path, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      (req as IncomingMessage & { body?: unknown }).body = parse(Buffer.concat(chunks));
      handler(req, res);
    });
  });
}

/** A callback the simulator built, for sending by other means. */
async function built(): Promise<SentNotification> {
  const path = receiver.route('/sink', (_, res) => void res.writeHead(204).end());
  return (await simulator.notify('REFUND.SUCCESS', { to: path })).sent;
}

/** POSTs `body` in chunks with Transfer-Encoding: chunked (no Content-Length). */
function postChunked(url: string, sent: SentNotification, chunks: string[]): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers: sent.headers }, (res) => {
      let body = '';
      res
        .setEncoding('utf8')
        .on('data', (chunk: string) => (body += chunk))
        .on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

describe('the node:http adapter', () => {
  it('takes the Buffer a raw body parser left on req.body (express.raw)', async () => {
    errors.length = 0;
    const got: NotificationEvent[] = [];
    const to = preParsed('/express-raw', (raw) => raw, got);
    const delivery = await simulator.notify('REFUND.SUCCESS', { to });
    expect(delivery.status).toBe(204);
    expect(got[0]?.resource).toEqual(delivery.sent.resource);
    expect(errors).toEqual([]);
  });

  it('takes the text a text body parser left on req.body', async () => {
    const got: NotificationEvent[] = [];
    const to = preParsed('/express-text', (raw) => raw.toString('utf8'), got);
    expect((await simulator.notify('REFUND.SUCCESS', { to })).status).toBe(204);
    expect(got).toHaveLength(1);
  });

  it('refuses an object a JSON body parser left on req.body: 400, and a NotificationError that says why', async () => {
    errors.length = 0;
    const got: NotificationEvent[] = [];
    const to = preParsed('/express-json', (raw) => JSON.parse(raw.toString('utf8')), got);
    const delivery = await simulator.notify('REFUND.SUCCESS', { to });
    expect(delivery.status).toBe(400);
    expect(JSON.parse(delivery.body)).toEqual({ code: 'FAIL', message: 'malformed notification body (ERR_NOTIFICATION_BODY)' });
    expect(got).toEqual([]);
    expect(errors[0]).toBeInstanceOf(NotificationError);
    expect((errors[0] as Error).message).toMatch(/before any JSON body parser/);
  });

  it('reads the stream itself when a body parser left an empty object without reading it', async () => {
    const got: NotificationEvent[] = [];
    const handler = notification.nodeHandler((event) => void got.push(event), { onError });
    const to = receiver.route('/unparsed', (req, res) => {
      (req as IncomingMessage & { body?: unknown }).body = {};
      handler(req, res);
    });
    expect((await simulator.notify('REFUND.SUCCESS', { to })).status).toBe(204);
    expect(got).toHaveLength(1);
  });

  it('passes the request to the handler, and leaves the answer to a handler that gave one', async () => {
    let seen: string | undefined;
    const to = receiver.route(
      '/answers-itself',
      notification.nodeHandler(
        (_, req) => {
          seen = req.url;
          // `res` is not passed on; a handler that wants to answer itself closes over it in its own listener.
        },
        { onError },
      ),
    );
    expect((await simulator.notify('REFUND.SUCCESS', { to })).status).toBe(204);
    expect(seen).toBe('/answers-itself');
    const handler = notification.nodeHandler(() => undefined, { onError });
    const own = receiver.route('/own-answer', (req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"code":"SUCCESS"}');
      handler(req, res);
    });
    const delivery = await simulator.notify('REFUND.SUCCESS', { to: own });
    expect(delivery).toMatchObject({ status: 200, body: '{"code":"SUCCESS"}' });
  });

  it('answers 413 to a Content-Length above maxBodySize, without reading the body', async () => {
    errors.length = 0;
    const got: NotificationEvent[] = [];
    const to = receiver.route(
      '/small',
      notification.nodeHandler((event) => void got.push(event), { onError, maxBodySize: 256 }),
    );
    const delivery = await simulator.notify('REFUND.SUCCESS', { to });
    expect(delivery.status).toBe(413);
    expect(delivery.headers.connection).toBe('close');
    expect(JSON.parse(delivery.body)).toEqual({ code: 'FAIL', message: 'notification body too large (ERR_NOTIFICATION_SIZE)' });
    expect(errors[0]).toMatchObject({ name: 'NotificationError', reason: 'size', message: 'the body is larger than 256 bytes' });
    expect(got).toEqual([]);
  });

  it('answers 413 to a chunked body that grows past maxBodySize', async () => {
    const sent = await built();
    const to = receiver.route(
      '/small-chunked',
      notification.nodeHandler(() => undefined, { onError, maxBodySize: 256 }),
    );
    const answer = await postChunked(to, sent, [sent.body.slice(0, 200), sent.body.slice(200)]);
    expect(answer.status).toBe(413);
    const fits = receiver.route(
      '/fits-chunked',
      notification.nodeHandler(() => undefined, { onError }),
    );
    expect((await postChunked(fits, sent, [sent.body.slice(0, 200), sent.body.slice(200)])).status).toBe(204);
  });
});

describe('the WHATWG adapter', () => {
  it('passes the Request to the handler', async () => {
    const sent = await built();
    let seen: Request | undefined;
    const request = new Request('https://merchant.example/notify', { method: 'POST', headers: sent.headers, body: sent.body });
    const response = await notification.fetchHandler((_, req) => void (seen = req), { onError })(request);
    expect(response.status).toBe(204);
    expect(seen).toBe(request);
  });

  it('answers 401 to a request without body or signature', async () => {
    const response = await notification.fetchHandler(() => undefined, { onError })(new Request('https://merchant.example/notify'));
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.json()).toEqual({ code: 'FAIL', message: 'missing Wechatpay-* signature headers (ERR_VERIFICATION_HEADERS)' });
  });

  it('answers 413 above maxBodySize, by Content-Length and by the bytes of a stream', async () => {
    const sent = await built();
    const handler = notification.fetchHandler(() => undefined, { onError, maxBodySize: 256 });
    const declared = new Request('https://merchant.example/notify', {
      method: 'POST',
      headers: { ...sent.headers, 'Content-Length': String(sent.body.length) },
      body: sent.body,
    });
    expect((await handler(declared)).status).toBe(413);
    const bytes = Buffer.from(sent.body);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 100) controller.enqueue(bytes.subarray(i, i + 100));
        controller.close();
      },
    });
    const streamed = new Request('https://merchant.example/notify', {
      method: 'POST',
      headers: sent.headers,
      body: stream,
      duplex: 'half',
    } as RequestInit);
    const response = await handler(streamed);
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ code: 'FAIL', message: 'notification body too large (ERR_NOTIFICATION_SIZE)' });
  });

  it("a body stream that fails on the way: 400, and a NotificationError (body) with the stream's error as cause", async () => {
    const sent = await built();
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(Buffer.from(sent.body).subarray(0, 10));
        controller.error(reset);
      },
    });
    const seen: unknown[] = [];
    let handled = false;
    const handler = notification.fetchHandler(() => void (handled = true), { onError: (error) => void seen.push(error) });
    const response = await handler(
      new Request('https://merchant.example/notify', { method: 'POST', headers: sent.headers, body: stream, duplex: 'half' } as RequestInit),
    );
    expect(response.status).toBe(400);
    expect(handled).toBe(false);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeInstanceOf(NotificationError);
    expect(seen[0]).toMatchObject({ reason: 'body', code: 'ERR_NOTIFICATION_BODY', message: 'the body could not be read (ECONNRESET)' });
    expect((seen[0] as Error).cause).toBe(reset);
  });

  it('answers 500 when the handler rejects', async () => {
    const sent = await built();
    errors.length = 0;
    const handler = notification.fetchHandler(async () => Promise.reject(new Error('queue down')), { onError });
    const response = await handler(new Request('https://merchant.example/notify', { method: 'POST', headers: sent.headers, body: sent.body }));
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('{"code":"FAIL","message":"the notification could not be processed"}');
    expect(errors).toEqual([new Error('queue down')]);
  });
});

describe('adapter options', () => {
  it.each([
    ['maxBodySize 0', { maxBodySize: 0 }, 'maxBodySize'],
    ['maxBodySize 1.5', { maxBodySize: 1.5 }, 'maxBodySize'],
    ['maxBodySize as text', { maxBodySize: '1024' }, 'maxBodySize'],
    ['onError that is not a function', { onError: 'log' }, 'onError'],
    ['a typo', { maxBodysize: 1024 }, 'maxBodysize'],
    ['options that are no object', 'strict', 'options'],
  ])('refuses %s with a ConfigError, for both adapters', (_, options, option) => {
    for (const make of [
      () => notification.nodeHandler(() => undefined, options as never),
      () => notification.fetchHandler(() => undefined, options as never),
    ]) {
      expect(make).toThrow(ConfigError);
      expect(make).toThrow(expect.objectContaining({ field: option }));
    }
  });

  it('logs refused callbacks with console.error by default, without the APIv3 key', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const response = await notification.fetchHandler(() => undefined)(
        new Request('https://merchant.example/notify', { method: 'POST', body: '{}' }),
      );
      expect(response.status).toBe(401);
      expect(log).toHaveBeenCalledTimes(1);
      expect(log.mock.calls[0]?.[0]).toBe('wechatpay-ts: a WeChat Pay callback was not accepted:');
      expect(log.mock.calls[0]?.[1]).toMatchObject({ name: 'VerificationError', reason: 'headers' });
      expect(inspect(log.mock.calls, { depth: 10 })).not.toContain(simulator.apiV3Key);
    } finally {
      log.mockRestore();
    }
  });
});

describe('Notification.receive, for any framework', () => {
  it('verifies, runs the handler and answers 204', async () => {
    const sent = await built();
    const got: NotificationEvent[] = [];
    const answer = await notification.receive({ body: Buffer.from(sent.body), headers: sent.headers }, (event) => void got.push(event), { onError });
    expect(answer).toEqual({ status: 204, headers: {}, body: undefined });
    expect(got[0]?.resource).toEqual(sent.resource);
  });

  it('answers a refused callback with its 4xx and never runs the handler', async () => {
    const sent = await built();
    errors.length = 0;
    let ran = false;
    const parsed = await notification.receive({ body: JSON.parse(sent.body), headers: sent.headers }, () => void (ran = true), { onError });
    expect(parsed).toMatchObject({ status: 400, body: { code: 'FAIL', message: 'malformed notification body (ERR_NOTIFICATION_BODY)' } });
    const tampered = await notification.receive({ body: sent.body.replace('REFUND', 'REFUNX'), headers: sent.headers }, () => void (ran = true), {
      onError,
    });
    expect(tampered).toMatchObject({ status: 401, body: { code: 'FAIL', message: 'signature verification failed (ERR_VERIFICATION_SIGNATURE)' } });
    expect(ran).toBe(false);
    expect(errors).toMatchObject([
      { name: 'NotificationError', reason: 'body' },
      { name: 'VerificationError', reason: 'signature' },
    ]);
  });

  it('answers 500 when the handler throws, even an error of ours', async () => {
    const sent = await built();
    const answer = await notification.receive(
      { body: sent.body, headers: sent.headers },
      () => {
        throw new NotificationError('resource', 'from a nested call');
      },
      { onError },
    );
    expect(answer).toMatchObject({ status: 500, body: { code: 'FAIL', message: 'the notification could not be processed' } });
  });

  it('refuses an onError that is not a function with a ConfigError', () => {
    expect(() => notification.receive({ body: '', headers: {} }, () => undefined, { onError: 1 as never })).toThrow(
      expect.objectContaining({ name: 'ConfigError', field: 'onError' }),
    );
  });
});

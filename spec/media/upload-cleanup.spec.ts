import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Builder, ParameterError, TransportError, type Transport, type WechatpayRequest } from 'wechatpay-ts';
import { failure, rejection } from '../support/failures.js';
import { MCHID, PUBLIC_KEY_ID, SERIAL, merchant, platform } from '../support/msw-wechatpay.js';

/**
 * A stream is spooled to a folder in os.tmpdir() while it is hashed. Pointing TMPDIR (process-wide, restored after
 * the file) at a folder of its own lets each case check that nothing at all is left there, whoever else uses /tmp.
 */
const outer = tmpdir();
const spool = mkdtempSync(join(outer, 'upload-cleanup-spec-'));
const files = mkdtempSync(join(outer, 'upload-cleanup-files-'));
const photoPath = join(files, 'photo.jpg');
writeFileSync(photoPath, Buffer.alloc(4096, 7));
const saved = process.env.TMPDIR;

beforeAll(() => {
  process.env.TMPDIR = spool;
  // The folder the code chooses is os.tmpdir(), read at each call.
  expect(tmpdir()).toBe(spool);
});
afterAll(() => {
  if (saved === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = saved;
  rmSync(spool, { recursive: true, force: true });
  rmSync(files, { recursive: true, force: true });
});
// Each case is judged on its own: whatever one leaves is cleared before the next.
afterEach(() => {
  for (const name of readdirSync(spool)) rmSync(join(spool, name), { recursive: true, force: true });
});

/** A client whose transport records what reached it and then fails as a network would. */
function client() {
  const sent: WechatpayRequest[] = [];
  const spooledWhileSending: string[][] = [];
  const transport: Transport = {
    name: 'failing',
    async send(request) {
      sent.push(request);
      spooledWhileSending.push(readdirSync(spool));
      throw new Error('connection reset');
    },
    async close() {},
  };
  const instance = Builder.factory<'untyped'>({
    mchid: MCHID,
    serial: SERIAL,
    privateKey: merchant.privateKey,
    certs: { [PUBLIC_KEY_ID]: platform.publicKey },
    transport,
  });
  return { instance, sent, spooledWhileSending };
}

/** Gives some bytes, then fails, as a socket or a file read that breaks midway. */
function breaking(): Readable {
  let chunks = 0;
  return new Readable({
    read() {
      if (chunks++ < 3) this.push(Buffer.alloc(16_384, chunks));
      else this.destroy(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    },
  });
}

describe('a spooled stream leaves nothing in the temp folder', () => {
  it('when the stream errors midway', async () => {
    const { instance, sent } = client();
    const error = await rejection(instance.v3.merchant.media.upload.postAsync({ body: { file: { data: breaking(), filename: 'a.mp4' } } }));
    expect(error).toBeInstanceOf(ParameterError);
    expect(error).toMatchObject({ parameter: 'body.file', message: 'body.file: the stream failed: ECONNRESET' });
    expect(sent).toHaveLength(0);
    expect(readdirSync(spool)).toEqual([]);
  });

  it('when hashing fails: the stream gives something other than bytes', async () => {
    const { instance, sent } = client();
    const stream = Readable.from([Buffer.from('abc'), { not: 'bytes' }]);
    const error = await rejection(instance.v3.merchant.media.upload.postAsync({ body: { file: { data: stream, filename: 'a.mp4' } } }));
    expect(readdirSync(spool)).toEqual([]);
    expect(sent).toHaveLength(0);
    expect(error).toMatchObject({ name: 'ParameterError', parameter: 'body.file', message: 'body.file: the stream gave a object chunk, not bytes' });
  });

  it('when the second of two streams fails, the first one spooled goes too', async () => {
    const { instance, sent } = client();
    const body = { file: { data: Readable.from([Buffer.alloc(100, 1)]), filename: 'a.mp4' }, other: { data: breaking(), filename: 'b.mp4' } };
    expect(await rejection(instance.v3.merchant.media.upload.postAsync({ body }))).toMatchObject({ parameter: 'body.other' });
    expect(sent).toHaveLength(0);
    expect(readdirSync(spool)).toEqual([]);
  });

  it('when the call is refused before sending: by meta, or by a middleware', async () => {
    const { instance, sent } = client();
    const stream = () => Readable.from([Buffer.alloc(100, 1)]);
    const byMeta = await rejection(
      instance.v3.merchant.media.upload.postAsync({ body: { file: { data: stream(), filename: 'a.mp4' }, meta: (() => 'not an object') as never } }),
    );
    expect(byMeta).toMatchObject({ parameter: 'body.meta' });
    expect(readdirSync(spool)).toEqual([]);
    instance.getDriver().stack.unshift(() => {
      throw new ParameterError('body', 'refused by a middleware');
    }, 'refuse');
    const byMiddleware = await rejection(instance.v3.merchant.media.upload.postAsync({ body: { file: { data: stream(), filename: 'a.mp4' } } }));
    expect(byMiddleware).toMatchObject({ message: 'body: refused by a middleware' });
    expect(sent).toHaveLength(0);
    expect(readdirSync(spool)).toEqual([]);
  });

  it('when the send fails (the copy was there while sending)', async () => {
    const { instance, sent, spooledWhileSending } = client();
    const error = await rejection(
      instance.v3.merchant.media.upload.postAsync({ body: { file: { data: Readable.from([Buffer.alloc(100, 1)]), filename: 'a.mp4' } } }),
    );
    expect(error).toMatchObject({ message: 'connection reset' });
    expect(sent).toHaveLength(1);
    expect(spooledWhileSending[0]).toHaveLength(1);
    expect(readdirSync(spool)).toEqual([]);
  });

  it('in synchronous calls, which refuse a stream and send a path without a copy', async () => {
    // The default transport (sync calls refuse custom ones): port 9 refuses the connection.
    const instance = Builder.factory<'untyped'>({
      mchid: MCHID,
      serial: SERIAL,
      privateKey: merchant.privateKey,
      certs: { [PUBLIC_KEY_ID]: platform.publicKey },
      baseURL: 'http://127.0.0.1:9/',
    });
    try {
      const refused = await failure(() => instance.v3.merchant.media.upload.post({ body: { file: { data: breaking(), filename: 'a.mp4' } } }));
      expect(refused).toMatchObject({ name: 'ParameterError', parameter: 'body.file' });
      const unsent = await failure(() => instance.v3.merchant.media.upload.post({ body: { file: photoPath } }));
      expect(unsent).toBeInstanceOf(TransportError);
      expect(readdirSync(spool)).toEqual([]);
    } finally {
      await instance.getDriver().close();
    }
  });
});

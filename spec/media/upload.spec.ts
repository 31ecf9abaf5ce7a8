import { createHash, randomBytes, verify } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Builder, ParameterError, type Transport, type WechatpayRequest } from 'wechatpay-ts';
import { failure, rejection } from '../support/failures.js';
import { BASE, MCHID, PUBLIC_KEY_ID, SERIAL, fetchClient as client, merchant, platform, signedHeaders } from '../support/msw-wechatpay.js';

const dir = mkdtempSync(join(tmpdir(), 'upload-spec-'));
const photo = randomBytes(70_000);
const photoPath = join(dir, 'photo.JPG');
writeFileSync(photoPath, photo);
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** What the msw handler saw of one upload, checked with node:crypto and the platform's own FormData parser. */
interface SeenUpload {
  contentType: string;
  metaText: string;
  file: File;
  signatureOk: boolean;
}
const seen: SeenUpload[] = [];

/** An answer signed with the platform key, as WeChat Pay signs. */
function signed(json: unknown): Response {
  const body = JSON.stringify(json);
  return new HttpResponse(body, { headers: { 'Content-Type': 'application/json', ...signedHeaders(body) } });
}

const server = setupServer(
  http.post(`${BASE}/v3/merchant/media/upload`, async ({ request }) => {
    const authorization = request.headers.get('Authorization') ?? '';
    const form = await request.formData();
    const metaText = String(form.get('meta'));
    const [, timestamp, nonce, signature] = /timestamp="(\d+)",nonce_str="(\w+)",signature="([^"]+)"/.exec(authorization) ?? [];
    // WeChat Pay's rule: the signature covers the meta JSON, not the multipart body.
    const message = `POST\n/v3/merchant/media/upload\n${timestamp}\n${nonce}\n${metaText}\n`;
    const signatureOk = verify('sha256', Buffer.from(message), merchant.publicKey, Buffer.from(signature ?? '', 'base64'));
    seen.push({ contentType: request.headers.get('Content-Type') ?? '', metaText, file: form.get('file') as File, signatureOk });
    return signed({ media_id: `media-${seen.length}` });
  }),
);

/** A client whose transport only records what reached it (for the refusals: nothing may). */
function recording() {
  const sent: WechatpayRequest[] = [];
  const transport: Transport = {
    name: 'recording',
    async send(request) {
      sent.push(request);
      throw new Error('not expected to send');
    },
    async close() {},
  };
  return {
    sent,
    instance: Builder.factory<'untyped'>({
      mchid: MCHID,
      serial: SERIAL,
      privateKey: merchant.privateKey,
      certs: { [PUBLIC_KEY_ID]: platform.publicKey },
      transport,
    }),
  };
}

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  seen.length = 0;
});
afterAll(() => server.close());

describe('media uploads', () => {
  it('signs the meta JSON and sends it before the file, as multipart', async () => {
    const response = await client().v3.merchant.media.upload.postAsync({ body: { file: photoPath } });
    expect(response.json()).toEqual({ media_id: 'media-1' });
    const [upload] = seen as [SeenUpload];
    // Written out by hand: keys sorted, the digest computed here with node:crypto.
    expect(upload.metaText).toBe(`{"filename":"photo.JPG","sha256":"${sha256(photo)}"}`);
    expect(upload.signatureOk).toBe(true);
    expect(upload.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(upload.file.name).toBe('photo.JPG');
    expect(upload.file.type).toBe('image/jpeg');
    expect(Buffer.from(await upload.file.arrayBuffer()).equals(photo)).toBe(true);
  });

  it('takes a file: URL, bytes with a name, a File, a stream, and an explicit content type', async () => {
    const instance = client();
    const inputs = [
      pathToFileURL(photoPath),
      { data: new Uint8Array(photo), filename: 'a.png' },
      new File([photo], 'b.webp'),
      { data: Readable.from([photo.subarray(0, 1000), photo.subarray(1000)]), filename: 'c.mp4' },
      { data: photoPath, filename: 'd.bin', contentType: 'image/bmp' },
    ];
    for (const file of inputs) await instance.v3.merchant.media.upload.postAsync({ body: { file } });
    expect(seen.map((upload) => [upload.file.name, upload.file.type, upload.signatureOk])).toEqual([
      ['photo.JPG', 'image/jpeg', true],
      ['a.png', 'image/png', true],
      ['b.webp', 'image/webp', true],
      ['c.mp4', 'video/mp4', true],
      ['d.bin', 'image/bmp', true],
    ]);
    for (const upload of seen) expect(JSON.parse(upload.metaText).sha256).toBe(sha256(photo));
  });

  it('removes the temporary copy of a stream once the call is over', async () => {
    const before = readdirSync(tmpdir()).filter((name) => name.startsWith('wechatpay-upload-')).length;
    await client().v3.merchant.media.upload.postAsync({ body: { file: { data: Readable.from([photo]), filename: 'e.mp4' } } });
    expect(readdirSync(tmpdir()).filter((name) => name.startsWith('wechatpay-upload-')).length).toBe(before);
  });

  it('hashes a stream of strings as their UTF-8 bytes', async () => {
    const text = ['商户', 'photo'];
    const bytes = Buffer.from(text.join(''), 'utf8');
    await client().v3.merchant.media.upload.postAsync({
      body: { file: { data: Readable.from(text), filename: 't.txt' }, meta: ({ sha256: digest, size }) => ({ digest, size }) },
    });
    expect(seen.map((upload) => upload.metaText)).toEqual([`{"digest":"${sha256(bytes)}","size":${bytes.length}}`]);
  });

  it('builds meta from a function of the file, or sends the object given', async () => {
    const instance = client();
    await instance.v3.merchant.media.upload.postAsync({
      body: { file: photoPath, meta: ({ filename, sha256: digest, size }) => ({ file_name: filename, file_digest: digest, item_id: size }) },
    });
    await instance.v3.merchant.media.upload.postAsync({ body: { file: photoPath, meta: { filename: 'x.jpg', sha256: 'given' } } });
    expect(seen.map((upload) => upload.metaText)).toEqual([
      `{"file_digest":"${sha256(photo)}","file_name":"photo.JPG","item_id":${photo.length}}`,
      '{"filename":"x.jpg","sha256":"given"}',
    ]);
  });
});

describe('refused uploads send nothing', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['bytes without a name', { body: { file: new Uint8Array(3) } }, 'body.file.filename'],
    ['a missing file', { body: { file: join(dir, 'nope.jpg') } }, 'body.file'],
    ['no file part', { body: { meta: { a: 1 } } }, 'body'],
    ['a meta that is not an object', { body: { file: photoPath, meta: 'x' } }, 'body.meta'],
    ['a meta function building no object', { body: { file: photoPath, meta: () => 'x' } }, 'body.meta'],
    ['a bad content type', { body: { file: { data: photoPath, contentType: 'jpeg' } } }, 'body.file.contentType'],
    ['json and an upload', { json: {}, body: { file: photoPath } }, 'json'],
    ['a number as file', { body: { file: 42 } }, 'body.file'],
  ];
  it.each(cases)('%s', async (_, options, parameter) => {
    const { instance, sent } = recording();
    const error = await rejection(instance.v3.merchant.media.upload.postAsync(options));
    expect(error).toBeInstanceOf(ParameterError);
    expect((error as ParameterError).field).toBe(parameter);
    expect(sent).toHaveLength(0);
  });

  it('a GET with an upload, and APIv2 paths', async () => {
    const { instance, sent } = recording();
    expect(await failure(() => instance.v3.merchant.media.upload.getAsync({ body: { file: photoPath } }))).toMatchObject({
      name: 'ParameterError',
      field: 'body',
    });
    const v2 = Builder.factory<'untyped'>({
      mchid: MCHID,
      secret: 'a'.repeat(32),
      transport: {
        name: 'x',
        send: async () => {
          throw new Error('sent');
        },
        close: async () => {},
      },
    });
    expect(await failure(() => v2.v2.secapi.mch.uploadmedia.postAsync({ body: { media: photoPath } }))).toMatchObject({
      name: 'ParameterError',
      field: 'body',
    });
    expect(sent).toHaveLength(0);
  });

  it('a synchronous call cannot read a Blob or a stream, and says what to do', () => {
    // The default transport (sync calls refuse custom ones); were anything sent, port 9 would answer a TransportError.
    const instance = Builder.factory<'untyped'>({
      mchid: MCHID,
      serial: SERIAL,
      privateKey: merchant.privateKey,
      certs: { [PUBLIC_KEY_ID]: platform.publicKey },
      baseURL: 'http://127.0.0.1:9/',
    });
    for (const file of [new File([photo], 'a.jpg'), { data: Readable.from([photo]), filename: 'a.mp4' }]) {
      const error = (() => {
        try {
          instance.v3.merchant.media.upload.post({ body: { file } });
        } catch (caught) {
          return caught as ParameterError;
        }
        throw new Error('expected a ParameterError');
      })();
      expect(error).toBeInstanceOf(ParameterError);
      expect(error.message).toMatch(/give a path or bytes, or use the Async verb/);
    }
  });

  it('leaves no stream copy behind when a later part fails', async () => {
    const { instance } = recording();
    const before = readdirSync(tmpdir()).filter((name) => name.startsWith('wechatpay-upload-')).length;
    await rejection(
      instance.v3.merchant.media.upload.postAsync({ body: { file: { data: Readable.from([photo]), filename: 'a.mp4' }, other: join(dir, 'nope') } }),
    );
    expect(readdirSync(tmpdir()).filter((name) => name.startsWith('wechatpay-upload-')).length).toBe(before);
    expect(existsSync(photoPath)).toBe(true);
  });
});

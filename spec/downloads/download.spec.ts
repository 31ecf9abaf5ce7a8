import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, Builder, DownloadError, ParameterError, VerificationError, type DownloadProgress, type Transport } from 'wechatpay-ts';
import { rejection } from '../support/failures.js';
import { BASE, MCHID, PUBLIC_KEY_ID, SERIAL, fetchClient as client, merchant, platform, signedHeaders } from '../support/msw-wechatpay.js';
const dir = mkdtempSync(join(tmpdir(), 'download-spec-'));

const bill = Buffer.from(
  `交易时间,公众账号ID,商户号\r\n${'`2026-11-26 09:12:05,`wxd678efh567hg6787,`1900000001\r\n'.repeat(2000)}总交易单数\r\n\`2000\r\n`,
);
const sha1 = (bytes: Uint8Array) => createHash('sha1').update(bytes).digest('hex');
const statement = Buffer.from('Date,Amount\r\n20261126,12.00\r\n');

const server = setupServer(
  http.get(`${BASE}/v3/billdownload/file`, ({ request }) => {
    const token = new URL(request.url).searchParams.get('token');
    if (token === 'gzip') return new HttpResponse(gzipSync(bill), { headers: { 'Content-Type': 'application/octet-stream' } });
    if (token === 'cut-gzip') return new HttpResponse(gzipSync(bill).subarray(0, 200), { headers: { 'Content-Type': 'application/octet-stream' } });
    if (token === 'expired') {
      const body = JSON.stringify({ code: 'INVALID_REQUEST', message: 'token expired' });
      return new HttpResponse(body, { status: 400, headers: { 'Content-Type': 'application/json', ...signedHeaders(body) } });
    }
    if (token === 'forged') {
      const body = JSON.stringify({ code: 'INVALID_REQUEST', message: 'token expired' });
      return new HttpResponse(body, { status: 400, headers: { 'Content-Type': 'application/json', ...signedHeaders('another body') } });
    }
    return new HttpResponse(bill, { headers: { 'Content-Type': 'text/plain', 'Content-Length': String(bill.length) } });
  }),
  http.get(
    `${BASE}/v3/merchant-service/images/:id`,
    () => new HttpResponse(new Uint8Array([0xff, 0xd8, 0xff]), { headers: { 'Content-Type': 'image/jpeg' } }),
  ),
  http.post(`${BASE}/v3/merchant-service/images/upload`, () => HttpResponse.json({ media_id: 'unsigned' })),
  http.get(`${BASE}/v3/bill/tradebill`, () => HttpResponse.json({ download_url: `${BASE}/v3/billdownload/file?token=t` })),
  http.get(`${BASE}/v3/global/statements`, ({ request }) => {
    const variant = new URL(request.url).searchParams.get('variant');
    const digest = variant === 'wrong-digest' ? sha1(Buffer.from('other')) : sha1(statement);
    const headers = { 'Content-Type': 'text/plain', 'Wechatpay-Statement-Sha1': digest, ...signedHeaders(`{"sha1":"${digest}"}`) };
    if (variant === 'signed-body') Object.assign(headers, signedHeaders(statement.toString()));
    // gzip's magic bytes, then not gzip: the statement cannot be the file its signed digest names.
    if (variant === 'broken-gzip') return new HttpResponse(Buffer.concat([Buffer.from([0x1f, 0x8b]), statement]), { headers });
    return new HttpResponse(variant === 'gzip' ? gzipSync(statement) : statement, { headers });
  }),
  http.get(`${BASE}/v3/pay/transactions/id/:id`, () => {
    const body = JSON.stringify({ trade_state: 'SUCCESS' });
    return new HttpResponse(body, { headers: { 'Content-Type': 'application/json', ...signedHeaders(body) } });
  }),
);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

describe('downloads', () => {
  it('streams an unsigned bill to a path, checking the digest the apply answer gave', async () => {
    const to = join(dir, 'bill.csv');
    const progress: DownloadProgress[] = [];
    const result = await client()
      .getDriver()
      .download(
        { download_url: `${BASE}/v3/billdownload/file?token=plain`, hash_type: 'SHA1', hash_value: sha1(bill).toUpperCase() },
        { to, onProgress: (p) => progress.push(p) },
      );
    expect(readFileSync(to).equals(bill)).toBe(true);
    expect(result).toEqual({ path: to, received: bill.length, written: bill.length, digest: sha1(bill) });
    expect(existsSync(`${to}.partial`)).toBe(false);
    expect(progress.at(-1)).toEqual({ received: bill.length, total: bill.length });
    expect(progress.map((p) => p.received)).toEqual([...progress.map((p) => p.received)].sort((a, b) => a - b));
  });

  it('gunzips a GZIP bill, and checks the digest of the plain bill either way', async () => {
    const source = { download_url: `${BASE}/v3/billdownload/file?token=gzip`, hash_type: 'SHA1', hash_value: sha1(bill) };
    const plain = await client()
      .getDriver()
      .download(source, { to: join(dir, 'bill-plain.csv'), gunzip: true });
    expect(readFileSync(join(dir, 'bill-plain.csv')).equals(bill)).toBe(true);
    expect(plain.written).toBe(bill.length);
    const kept = await client()
      .getDriver()
      .download(source, { to: join(dir, 'bill.csv.gz') });
    expect(readFileSync(join(dir, 'bill.csv.gz')).equals(gzipSync(bill))).toBe(true);
    expect(kept.digest).toBe(sha1(bill));
  });

  it('fails on a wrong digest, deleting the partial file and leaving an existing file untouched', async () => {
    const to = join(dir, 'kept.csv');
    writeFileSync(to, 'yesterday');
    const error = await rejection(
      client()
        .getDriver()
        .download({ download_url: `${BASE}/v3/billdownload/file?token=plain`, hash_type: 'SHA1', hash_value: sha1(Buffer.from('x')) }, { to }),
    );
    expect(error).toBeInstanceOf(DownloadError);
    expect(error).toMatchObject({ reason: 'hash', code: 'ERR_DOWNLOAD_HASH', expected: sha1(Buffer.from('x')), actual: sha1(bill) });
    expect(readFileSync(to, 'utf8')).toBe('yesterday');
    expect(existsSync(`${to}.partial`)).toBe(false);
  });

  it('refuses to gunzip a file that is not gzip', async () => {
    const to = join(dir, 'not-gzip.csv');
    const error = await rejection(client().getDriver().download(`${BASE}/v3/billdownload/file?token=plain`, { to, gunzip: true }));
    expect(error).toMatchObject({ name: 'DownloadError', reason: 'not_gzip' });
    expect(existsSync(to) || existsSync(`${to}.partial`)).toBe(false);
  });

  it('reports a gzip file cut short as corrupt, leaving no file', async () => {
    const to = join(dir, 'cut.csv');
    const error = await rejection(client().getDriver().download(`${BASE}/v3/billdownload/file?token=cut-gzip`, { to, gunzip: true }));
    expect(error).toBeInstanceOf(DownloadError);
    expect(error).toMatchObject({ problem: 'corrupt', code: 'ERR_DOWNLOAD_CORRUPT' });
    expect(existsSync(to) || existsSync(`${to}.partial`)).toBe(false);
  });

  it('reports a destination it cannot write as a write failure', async () => {
    const to = join(dir, 'no-such-folder', 'bill.csv');
    const error = await rejection(client().getDriver().download(`${BASE}/v3/billdownload/file?token=plain`, { to }));
    expect(error).toBeInstanceOf(DownloadError);
    expect(error).toMatchObject({ reason: 'write', code: 'ERR_DOWNLOAD_WRITE' });
    expect((error as Error).message).toBe('the file could not be written (ENOENT)');
  });

  it('reports a verified file that cannot take its name (a folder is there) as a write failure, and keeps no partial file', async () => {
    const to = mkdtempSync(join(dir, 'taken-'));
    const error = await rejection(client().getDriver().download(`${BASE}/v3/billdownload/file?token=plain`, { to }));
    expect(error).toBeInstanceOf(DownloadError);
    expect(error).toMatchObject({
      reason: 'write',
      code: 'ERR_DOWNLOAD_WRITE',
      message: expect.stringMatching(/^the verified file could not be renamed from \.partial to its path \(E[A-Z]+\)$/),
    });
    expect(existsSync(`${to}.partial`)).toBe(false);
  });

  it('writes to a stream', async () => {
    const sink = new PassThrough();
    const chunks: Buffer[] = [];
    sink.on('data', (chunk: Buffer) => chunks.push(chunk));
    const result = await client().v3.billdownload.file.getAsync({ query: { token: 'gzip' }, download: { to: sink, gunzip: true } });
    expect(Buffer.concat(chunks).equals(bill)).toBe(true);
    expect(result.body.length).toBe(0);
    expect(result.download).toMatchObject({ path: undefined, written: bill.length });
  });

  it('turns an error answer into an ApiError and writes no file', async () => {
    const to = join(dir, 'expired.csv');
    const error = await rejection(client().getDriver().download(`${BASE}/v3/billdownload/file?token=expired`, { to }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'INVALID_REQUEST', status: 400 });
    expect(existsSync(to) || existsSync(`${to}.partial`)).toBe(false);
  });

  it('refuses a download_url on a host that is not WeChat Pay or the baseURL, before sending', async () => {
    for (const url of ['https://evil.example/v3/billdownload/file?token=t', 'http://api.mch.weixin.qq.com.evil.example/x', 'not a url']) {
      expect(
        await rejection(
          client()
            .getDriver()
            .download(url, { to: join(dir, 'x') }),
        ),
      ).toMatchObject({ name: 'ParameterError', field: 'download_url' });
    }
  });
});

describe('the download option, checked before anything is sent', () => {
  const sent: string[] = [];
  const transport: Transport = {
    name: 'recording',
    send: async (request) => {
      sent.push(request.url.href);
      throw new Error('sent');
    },
    close: async () => {},
  };
  const instance = Builder.factory<'untyped'>({
    mchid: MCHID,
    serial: SERIAL,
    privateKey: merchant.privateKey,
    certs: { [PUBLIC_KEY_ID]: platform.publicKey },
    transport,
  });
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['no destination', { download: {} }, 'download.to'],
    ['a number as destination', { download: { to: 3 } }, 'download.to'],
    ['an unknown hash type', { download: { to: 'x', hash: { type: 'MD5', value: 'a' } } }, 'download.hash.type'],
    ['a digest of the wrong length', { download: { to: 'x', hash: { type: 'SHA1', value: 'abc' } } }, 'download.hash.value'],
    ['gunzip not a boolean', { download: { to: 'x', gunzip: 'yes' } }, 'download.gunzip'],
    ['onProgress not a function', { download: { to: 'x', onProgress: 1 } }, 'download.onProgress'],
    ['a file: URL naming another host', { download: { to: 'file://files.example/bill.csv' } }, 'download.to'],
  ];
  it.each(cases)('%s', async (_, options, parameter) => {
    const error = await rejection(instance.v3.billdownload.file.getAsync(options));
    expect(error).toBeInstanceOf(ParameterError);
    expect((error as ParameterError).field).toBe(parameter);
    expect(sent).toHaveLength(0);
  });

  it('is for GET calls, and a synchronous call writes to a path without callbacks', async () => {
    expect(await rejection(instance.v3.billdownload.file.postAsync({ download: { to: 'x' } }))).toMatchObject({ field: 'download' });
    const sync = Builder.factory<'untyped'>({
      mchid: MCHID,
      serial: SERIAL,
      privateKey: merchant.privateKey,
      certs: { [PUBLIC_KEY_ID]: platform.publicKey },
      baseURL: 'http://127.0.0.1:9/',
    });
    expect(() => sync.v3.billdownload.file.get({ download: { to: new PassThrough() } })).toThrow(expect.objectContaining({ field: 'download.to' }));
    expect(() => sync.v3.billdownload.file.get({ download: { to: 'x', onProgress: () => {} } })).toThrow(
      expect.objectContaining({ field: 'download.onProgress' }),
    );
    expect(sent).toHaveLength(0);
  });
});

describe('which answers are unsigned', () => {
  it('the bill file and complaint images pass unsigned; the image upload and JSON endpoints do not', async () => {
    const instance = client();
    expect((await instance.v3.billdownload.file.getAsync({ query: { token: 'plain' } })).body.length).toBe(bill.length);
    expect((await instance.v3.merchantService.images._media_id_.getAsync({ media_id: 'abc' })).body).toEqual(new Uint8Array([0xff, 0xd8, 0xff]));
    expect(await rejection(instance.v3.merchantService.images.upload.postAsync({ body: 'x' }))).toMatchObject({
      name: 'VerificationError',
      reason: 'headers',
    });
    expect(await rejection(instance.v3.bill.tradebill.getAsync())).toMatchObject({ name: 'VerificationError', reason: 'headers' });
  });

  it("an error answer from a file endpoint is verified when it carries the signature headers: a forged one is not WeChat Pay's word", async () => {
    const error = await rejection(client().v3.billdownload.file.getAsync({ query: { token: 'forged' } }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'HTTP_400', status: 400, verified: false });
    expect((error as ApiError).cause).toBeInstanceOf(VerificationError);
    expect((error as ApiError).cause).toMatchObject({ check: 'signature' });
    const to = join(dir, 'forged.csv');
    expect(await rejection(client().getDriver().download(`${BASE}/v3/billdownload/file?token=forged`, { to }))).toMatchObject({
      name: 'ApiError',
      code: 'HTTP_400',
      verified: false,
    });
    expect(existsSync(to) || existsSync(`${to}.partial`)).toBe(false);
  });

  it('a signed JSON answer cannot be streamed to a file: its signature covers the body', async () => {
    const to = join(dir, 'transaction.json');
    const error = await rejection(client().v3.pay.transactions.id._id_.getAsync({ id: '42', download: { to } }));
    expect(error).toMatchObject({ name: 'VerificationError', reason: 'signature' });
    expect(existsSync(to) || existsSync(`${to}.partial`)).toBe(false);
  });
});

describe('overseas statements', () => {
  it('verify the signature over {"sha1": …} and the file against that SHA-1', async () => {
    const response = await client().v3.global.statements.getAsync({ query: { date: '20261126' } });
    expect(response.text()).toBe(statement.toString());
    const gzip = await client().v3.global.statements.getAsync({ query: { date: '20261126', variant: 'gzip' } });
    expect(gzip.body).toEqual(new Uint8Array(gzipSync(statement)));
  });

  it('reject a file whose SHA-1 is not the signed one, read whole or streamed', async () => {
    const whole = await rejection(client().v3.global.statements.getAsync({ query: { variant: 'wrong-digest' } }));
    expect(whole).toBeInstanceOf(VerificationError);
    expect(whole).toMatchObject({ reason: 'digest' });
    const to = join(dir, 'statement.csv');
    const streamed = await rejection(client().v3.global.statements.getAsync({ query: { variant: 'wrong-digest' }, download: { to } }));
    expect(streamed).toMatchObject({ name: 'DownloadError', reason: 'hash' });
    expect(existsSync(to)).toBe(false);
  });

  it("reject a broken gzip statement read whole: VerificationError (digest), not zlib's own error", async () => {
    const error = await rejection(client().v3.global.statements.getAsync({ query: { variant: 'broken-gzip' } }));
    expect(error).toBeInstanceOf(VerificationError);
    expect(error).toMatchObject({
      reason: 'digest',
      code: 'ERR_VERIFICATION_DIGEST',
      message: expect.stringMatching(/^the statement is gzip, but broken \(Z_[A-Z_]+\)/),
    });
  });

  it('reject a signature over the body instead of the digest', async () => {
    expect(await rejection(client().v3.global.statements.getAsync({ query: { variant: 'signed-body' } }))).toMatchObject({
      name: 'VerificationError',
      reason: 'signature',
    });
  });

  it('stream to a file, checked against the header', async () => {
    const to = join(dir, 'statement-ok.csv');
    const response = await client().v3.global.statements.getAsync({ query: { date: '20261126' }, download: { to } });
    expect(readFileSync(to).equals(statement)).toBe(true);
    expect(response.download?.digest).toBe(sha1(statement));
  });
});

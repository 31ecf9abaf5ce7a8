import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bill, Formatter, ParameterError, Rsa, type BillRow } from 'wechatpay-ts';
import { startSimulator, type Simulator } from 'wechatpay-ts/simulator';
import { rejection } from '../support/failures.js';

let simulator: Simulator;
let dir: string;
beforeAll(async () => {
  simulator = await startSimulator();
  dir = mkdtempSync(join(tmpdir(), 'wechatpay-sim-files-'));
});
afterAll(async () => {
  await simulator.close();
  rmSync(dir, { recursive: true, force: true });
});

const sha1 = (bytes: Uint8Array | string) => createHash('sha1').update(bytes).digest('hex');
const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

/** The APIv3 Authorization header, signed with the package's own helpers over `body` (for uploads: the meta text). */
function authorization(method: string, target: string, body = '', sim = simulator): string {
  const timestamp = Formatter.timestamp();
  const nonce = Formatter.nonce();
  const signature = Rsa.sign(Formatter.request(method, target, timestamp, nonce, body), sim.merchant.privateKey!);
  return Formatter.authorization({ mchid: sim.mchid, serial_no: sim.merchant.serial, timestamp: String(timestamp), nonce_str: nonce, signature });
}

/** Whether an answer's Wechatpay-* headers sign `message` (by default its body) with the simulator's platform key. */
function signedOver(headers: Headers | Record<string, unknown>, message: string | Buffer, sim = simulator): boolean {
  const get = (name: string) => (headers instanceof Headers ? headers.get(name) : (headers[name] as string | undefined)) ?? '';
  const text = Buffer.isBuffer(message) ? message.toString('utf8') : message;
  return Rsa.verify(Formatter.response(get('wechatpay-timestamp'), get('wechatpay-nonce'), text), get('wechatpay-signature'), sim.platform.publicKey);
}

/** A signed GET of a path (with query) or an absolute URL on the simulator; the body as bytes. */
async function get(target: string, options: { headers?: Record<string, string>; sign?: boolean; sim?: Simulator } = {}) {
  const sim = options.sim ?? simulator;
  const url = new URL(target.replace(/^\//, ''), sim.baseURL);
  const path = `${url.pathname}${url.search}`;
  const headers: Record<string, string> = { ...options.headers };
  if (options.sign !== false) headers.authorization = authorization('GET', path, '', sim);
  const response = await request(url, { headers });
  const body = Buffer.from(await response.body.arrayBuffer());
  return { status: response.statusCode, headers: response.headers as Record<string, string>, body };
}

function json(body: Buffer): Record<string, unknown> {
  return JSON.parse(body.toString('utf8')) as Record<string, unknown>;
}

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('not really a picture, but bytes')]);

/** A multipart upload as WeChat Pay wants it: `meta` (signed) and `file`. `sign` is the text the signature covers. */
async function upload(
  path: string,
  options: { meta?: string | null; file?: Buffer | null; type?: string; sign?: string; headers?: Record<string, string> } = {},
) {
  const file = options.file === undefined ? PNG : options.file;
  const meta = options.meta === undefined ? JSON.stringify({ filename: 'pic.png', sha256: sha256(file ?? '') }) : options.meta;
  const form = new FormData();
  if (meta !== null) form.append('meta', new Blob([meta], { type: 'application/json' }), 'meta.json');
  if (file !== null) form.append('file', new Blob([file], { type: options.type ?? 'image/png' }), 'pic.png');
  const response = await fetch(new URL(path, simulator.baseURL), {
    method: 'POST',
    body: form,
    headers: { authorization: authorization('POST', `/${path}`, options.sign ?? meta ?? ''), ...options.headers },
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: JSON.parse(text) as Record<string, unknown> };
}

describe('simulator uploads', () => {
  it.each(['v3/merchant/media/upload', 'v3/merchant/media/video_upload', 'v3/merchant-service/images/upload'])(
    '%s takes a multipart body signed over its meta part and answers a signed media_id',
    async (path) => {
      const before = (await simulator.received()).length;
      const answer = await upload(path);
      expect(answer.status).toBe(200);
      expect(answer.json).toEqual({ media_id: expect.stringMatching(/^[\w-]{32,}$/) });
      expect(signedOver(answer.headers, answer.text)).toBe(true);
      const [recorded] = (await simulator.received()).slice(before);
      expect(recorded).toMatchObject({ method: 'POST', target: `/${path}`, body: JSON.stringify({ filename: 'pic.png', sha256: sha256(PNG) }) });
      expect(recorded?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    },
  );

  it('answers a media_url for the marketing image upload', async () => {
    const answer = await upload('v3/marketing/favor/media/image-upload');
    expect(answer).toMatchObject({ status: 200, json: { media_url: expect.stringMatching(/^https:\/\//) } });
  });

  it('accepts the meta part as a plain text field, and an uppercase sha256', async () => {
    const meta = JSON.stringify({ filename: 'pic.png', sha256: sha256(PNG).toUpperCase() });
    const form = new FormData();
    form.append('meta', meta);
    form.append('file', new Blob([PNG], { type: 'image/png' }), 'pic.png');
    const response = await fetch(new URL('v3/merchant/media/upload', simulator.baseURL), {
      method: 'POST',
      body: form,
      headers: { authorization: authorization('POST', '/v3/merchant/media/upload', meta) },
    });
    expect(response.status).toBe(200);
  });

  it('refuses (401) a signature over anything but the meta text', async () => {
    const meta = JSON.stringify({ filename: 'pic.png', sha256: sha256(PNG) });
    const answer = await upload('v3/merchant/media/upload', { meta, sign: `${meta} ` });
    expect(answer.status).toBe(401);
    expect(signedOver(answer.headers, answer.text)).toBe(true);
    expect(answer.json).toMatchObject({ code: 'SIGN_ERROR', detail: { issue: 'signature does not match' } });
    // Signing the whole body, or nothing, is no better.
    expect((await upload('v3/merchant/media/upload', { meta, sign: '' })).status).toBe(401);
  });

  it('refuses (400) a file whose SHA-256 is not the one in meta, naming the problem', async () => {
    const meta = JSON.stringify({ filename: 'pic.png', sha256: sha256('other bytes') });
    const answer = await upload('v3/merchant/media/upload', { meta });
    expect(answer.status).toBe(400);
    expect(signedOver(answer.headers, answer.text)).toBe(true);
    expect(answer.json).toMatchObject({ code: 'PARAM_ERROR', detail: { field: 'meta.sha256', issue: expect.stringContaining(sha256(PNG)) } });
  });

  it.each([
    ['no file part', { file: null }, 'file'],
    ['no meta part', { meta: null }, 'meta'],
    ['meta that is not JSON', { meta: '{"filename":' }, 'meta'],
    ['meta without sha256', { meta: '{"filename":"pic.png"}' }, 'meta.sha256'],
    ['meta without filename', { meta: `{"sha256":"${sha256(PNG)}"}` }, 'meta.filename'],
  ])('answers 400 PARAM_ERROR for %s', async (_, options, field) => {
    const answer = await upload('v3/merchant/media/upload', options);
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ code: 'PARAM_ERROR', detail: { field } });
  });

  it('answers 400 for a body that is not multipart', async () => {
    const body = '{"filename":"pic.png"}';
    const response = await request(new URL('v3/merchant/media/upload', simulator.baseURL), {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', authorization: authorization('POST', '/v3/merchant/media/upload', body) },
    });
    expect(response.statusCode).toBe(400);
    expect(await response.body.json()).toMatchObject({ code: 'PARAM_ERROR', detail: { field: 'Content-Type' } });
  });

  it('takes uploads over the 1 MiB JSON limit (a 20 MB video), and refuses (413) over 32 MiB', async () => {
    const video = Buffer.alloc(20_000_000, 7);
    const meta = JSON.stringify({ filename: 'clip.mp4', sha256: sha256(video) });
    expect((await upload('v3/merchant/media/video_upload', { meta, file: video, type: 'video/mp4' })).status).toBe(200);
    const huge = Buffer.alloc(33 << 20, 1);
    const tooBig = await upload('v3/merchant/media/video_upload', { file: huge, type: 'video/mp4' });
    expect(tooBig).toMatchObject({ status: 413, json: { code: 'REQUEST_ENTITY_TOO_LARGE' } });
  });

  it('gives back a complaint image unsigned, with its Content-Type, to a signed GET only', async () => {
    const jpeg = Buffer.from('\xff\xd8\xff\xe0 pretend jpeg', 'latin1');
    const { json: uploaded } = await upload('v3/merchant-service/images/upload', {
      file: jpeg,
      type: 'image/jpeg',
      meta: JSON.stringify({ filename: 'a.jpg', sha256: sha256(jpeg) }),
    });
    const path = `v3/merchant-service/images/${encodeURIComponent(uploaded.media_id as string)}`;
    const image = await get(path);
    expect(image.status).toBe(200);
    expect(image.body.equals(jpeg)).toBe(true);
    expect(image.headers['content-type']).toBe('image/jpeg');
    expect(Object.keys(image.headers).filter((name) => name.startsWith('wechatpay-'))).toEqual([]);
    expect((await get(path, { sign: false })).status).toBe(401);
    const unknown = await get('v3/merchant-service/images/nope');
    expect(unknown).toMatchObject({ status: 404 });
    expect(json(unknown.body)).toMatchObject({ code: 'RESOURCE_NOT_EXISTS' });
    expect(signedOver(unknown.headers, unknown.body)).toBe(true);
  });

  it('applies faults to uploads: status and delay after the signature check', async () => {
    const started = Date.now();
    const answer = await upload('v3/merchant/media/upload', { headers: { 'wechatpay-simulator-fault': 'status=503,delay=150' } });
    expect(answer).toMatchObject({ status: 503, json: { code: 'SYSTEM_ERROR' } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });
});

/** Applies for a bill and downloads it; `body` is the bytes as sent. */
async function billFor(path: string, query: string, headers: Record<string, string> = {}) {
  const apply = await get(`${path}?${query}`);
  expect(apply.status).toBe(200);
  expect(signedOver(apply.headers, apply.body)).toBe(true);
  const served = json(apply.body) as { download_url: string; hash_type: string; hash_value: string };
  return { served, download: await get(served.download_url, { headers }) };
}

async function readBill(source: Buffer): Promise<{ rows: BillRow[]; summary: BillRow }> {
  const bill = Bill.parse(source);
  const rows: BillRow[] = [];
  for await (const row of bill.rows()) rows.push(row);
  return { rows, summary: await bill.summary() };
}

describe('simulator bills', () => {
  it('applies for a trade bill and serves it unsigned, with the SHA-1 it announced, in a layout Bill.parse reads', async () => {
    const { served, download } = await billFor('v3/bill/tradebill', 'bill_date=2026-11-26&bill_type=ALL');
    expect(served).toEqual({ hash_type: 'SHA1', hash_value: expect.stringMatching(/^[0-9a-f]{40}$/), download_url: expect.any(String) });
    expect(served.download_url).toMatch(new RegExp(`^${simulator.baseURL}v3/billdownload/file\\?token=[\\w-]+$`));
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(download.headers['content-length']).toBe(String(download.body.length));
    expect(download.headers['wechatpay-signature']).toBeUndefined();
    expect(sha1(download.body)).toBe(served.hash_value);
    const { rows, summary } = await readBill(download.body);
    expect(rows).toHaveLength(3);
    expect(Object.keys(rows[0]!)).toHaveLength(27);
    expect(rows[0]).toMatchObject({ 交易时间: '2026-11-26 09:12:03', 商户号: simulator.mchid, 交易状态: 'SUCCESS', 应结订单金额: '12.50' });
    expect(rows[1]).toMatchObject({ 商品名称: 'Gift box, "deluxe"', 订单金额: '105.00' });
    expect(rows[2]).toMatchObject({ 交易状态: 'REFUND', 退款金额: '3.00', 手续费: '-0.02' });
    expect(summary).toEqual({
      总交易单数: '3',
      应结订单总金额: '112.50',
      退款总金额: '3.00',
      充值券退款总金额: '0.00',
      手续费总金额: '0.66',
      订单总金额: '117.50',
      申请退款总金额: '3.00',
    });
  });

  it('makes the same bill for the same day, and filters by bill_type', async () => {
    const a = await billFor('v3/bill/tradebill', 'bill_date=2026-11-25');
    const b = await billFor('v3/bill/tradebill', 'bill_date=2026-11-25');
    expect(a.served.hash_value).toBe(b.served.hash_value);
    expect(a.served.download_url).not.toBe(b.served.download_url);
    const refunds = await readBill((await billFor('v3/bill/tradebill', 'bill_date=2026-11-25&bill_type=REFUND')).download.body);
    expect(refunds.rows.map((row) => row.交易状态)).toEqual(['REFUND']);
    expect(refunds.summary.总交易单数).toBe('1');
  });

  it('serves a fund-flow bill with fund-flow columns', async () => {
    const { served, download } = await billFor('v3/bill/fundflowbill', 'bill_date=2026-11-26&account_type=BASIC');
    expect(sha1(download.body)).toBe(served.hash_value);
    const { rows, summary } = await readBill(download.body);
    expect(Object.keys(rows[0]!)).toEqual([
      '记账时间',
      '微信支付业务单号',
      '资金流水单号',
      '业务名称',
      '业务类型',
      '收支类型',
      '收支金额（元）',
      '账户结余（元）',
      '资金变更提交申请人',
      '备注',
      '业务凭证号',
    ]);
    expect(summary).toEqual({ 资金流水总笔数: '3', 收入笔数: '2', 收入金额: '111.82', 支出笔数: '1', 支出金额: '2.98' });
  });

  it('serves a GZIP bill compressed, whose plain content has the announced SHA-1', async () => {
    const { served, download } = await billFor('v3/bill/tradebill', 'bill_date=2026-11-26&tar_type=GZIP');
    expect(served.download_url).toMatch(/&tartype=gzip$/);
    expect(download.headers['content-type']).toBe('application/octet-stream');
    expect(download.headers['wechatpay-signature']).toBeUndefined();
    const plain = gunzipSync(download.body);
    expect(sha1(plain)).toBe(served.hash_value);
    expect(sha1(download.body)).not.toBe(served.hash_value);
    expect((await readBill(plain)).summary.总交易单数).toBe('3');
  });

  it.each([
    ['v3/bill/tradebill', '', 'bill_date'],
    ['v3/bill/tradebill', 'bill_date=20261126', 'bill_date'],
    ['v3/bill/tradebill', 'bill_date=2026-02-30', 'bill_date'],
    ['v3/bill/tradebill', 'bill_date=2026-11-26&tar_type=ZIP', 'tar_type'],
    ['v3/bill/tradebill', 'bill_date=2026-11-26&bill_type=SOME', 'bill_type'],
    ['v3/bill/fundflowbill', 'bill_date=26-11-2026', 'bill_date'],
    ['v3/bill/fundflowbill', 'bill_date=2026-11-26&account_type=X', 'account_type'],
  ])('%s?%s answers a signed 400 PARAM_ERROR', async (path, query, field) => {
    const answer = await get(query ? `${path}?${query}` : path);
    expect(answer.status).toBe(400);
    expect(signedOver(answer.headers, answer.body)).toBe(true);
    expect(json(answer.body)).toMatchObject({ code: 'PARAM_ERROR', detail: { field } });
  });

  it('refuses an unsigned download (401) and an unknown token (signed 404)', async () => {
    const { served } = await billFor('v3/bill/tradebill', 'bill_date=2026-11-26');
    expect((await get(served.download_url, { sign: false })).status).toBe(401);
    const unknown = await get('v3/billdownload/file?token=unknown');
    expect(unknown.status).toBe(404);
    expect(json(unknown.body)).toMatchObject({ code: 'RESOURCE_NOT_EXISTS' });
    expect(signedOver(unknown.headers, unknown.body)).toBe(true);
  });

  it('tamper-body changes a byte of the download after hashing, plain or gzip', async () => {
    const plain = await billFor('v3/bill/tradebill', 'bill_date=2026-11-26', { 'wechatpay-simulator-fault': 'tamper-body' });
    expect(plain.download.status).toBe(200);
    expect(sha1(plain.download.body)).not.toBe(plain.served.hash_value);
    const gzipped = await billFor('v3/bill/tradebill', 'bill_date=2026-11-26&tar_type=GZIP', { 'wechatpay-simulator-fault': 'tamper-body' });
    expect(sha1(gunzipSync(gzipped.download.body))).not.toBe(gzipped.served.hash_value);
    // The stored content is untouched: the next download matches.
    expect(sha1((await get(plain.served.download_url)).body)).toBe(plain.served.hash_value);
  });

  it('hang on a download never answers', async () => {
    const served = await simulator.serveFile(Buffer.from('never sent'));
    const url = new URL(served.download_url);
    const call = request(url, {
      headers: { authorization: authorization('GET', `${url.pathname}${url.search}`), 'wechatpay-simulator-fault': 'hang' },
      signal: AbortSignal.timeout(300),
    });
    expect(await rejection(call)).toMatchObject({ name: expect.stringMatching(/TimeoutError|AbortError/) });
  });

  it('status=500 on a download answers a signed error instead of the file', async () => {
    const { served, download } = await billFor('v3/bill/tradebill', 'bill_date=2026-11-26', { 'wechatpay-simulator-fault': 'status=500' });
    expect(served.hash_value).toMatch(/^[0-9a-f]{40}$/);
    expect(download.status).toBe(500);
    expect(signedOver(download.headers, download.body)).toBe(true);
  });
});

describe('simulator serveFile', () => {
  it('streams a served file path of a few MB, with its SHA-1 and Content-Length, plain and gzip', async () => {
    const path = join(dir, 'big.csv');
    const line = 'x'.repeat(1023);
    writeFileSync(path, `${`${line}\n`.repeat(6 * 1024)}`);
    const expected = sha1(Buffer.from(`${line}\n`.repeat(6 * 1024)));
    const served = await simulator.serveFile(path);
    expect(served).toEqual({ hash_type: 'SHA1', hash_value: expected, download_url: expect.stringContaining('v3/billdownload/file?token=') });
    const download = await get(served.download_url);
    expect(download.headers['content-length']).toBe(String(6 * 1024 * 1024));
    expect(sha1(download.body)).toBe(expected);
    const gzipped = await simulator.serveFile(path, { gzip: true });
    expect(gzipped.hash_value).toBe(expected);
    const compressed = await get(gzipped.download_url);
    expect(compressed.headers['content-length']).toBeUndefined();
    expect(compressed.body.length).toBeLessThan(1024 * 1024);
    expect(sha1(gunzipSync(compressed.body))).toBe(expected);
  });

  it('serves bytes (a copy) and refuses what is neither bytes nor a file', async () => {
    const bytes = new TextEncoder().encode('hello, bill');
    const served = await simulator.serveFile(bytes);
    bytes[0] = 0;
    const download = await get(served.download_url);
    expect(download.body.toString()).toBe('hello, bill');
    expect(served.hash_value).toBe(sha1('hello, bill'));
    expect(await rejection(simulator.serveFile(join(dir, 'missing.csv')))).toMatchObject({
      name: 'ParameterError',
      field: 'content',
      message: expect.stringMatching(/: ENOENT$/),
    });
    expect(await rejection(simulator.serveFile(42 as unknown as string))).toMatchObject({ name: 'ParameterError' });
  });
});

describe('simulator overseas statements', () => {
  it('answers the CSV with Wechatpay-Statement-Sha1, signed over {"sha1":…} instead of the body', async () => {
    const answer = await get('v3/global/statements?date=20261126&mchid=1900000001');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/plain; charset=utf-8');
    const digest = sha1(answer.body);
    expect(answer.headers['wechatpay-statement-sha1']).toBe(digest);
    expect(signedOver(answer.headers, JSON.stringify({ sha1: digest }))).toBe(true);
    expect(signedOver(answer.headers, answer.body)).toBe(false);
    expect((await readBill(answer.body)).rows).toHaveLength(2);
  });

  it('tamper-body changes a CSV byte after signing; skew and drop-header apply', async () => {
    const tampered = await get('v3/global/statements?date=20261126', { headers: { 'wechatpay-simulator-fault': 'tamper-body' } });
    const header = tampered.headers['wechatpay-statement-sha1']!;
    expect(sha1(tampered.body)).not.toBe(header);
    expect(signedOver(tampered.headers, JSON.stringify({ sha1: header }))).toBe(true);
    const skewed = await get('v3/global/statements?date=20261126', {
      headers: { 'wechatpay-simulator-fault': 'skew=-600,drop-header=Wechatpay-Statement-Sha1' },
    });
    expect(Number(skewed.headers['wechatpay-timestamp'])).toBeLessThan(Date.now() / 1000 - 500);
    expect(skewed.headers['wechatpay-statement-sha1']).toBeUndefined();
    const probe = await get('v3/global/statements?date=20261126', { headers: { 'wechatpay-simulator-fault': 'probe' } });
    expect(probe.headers['wechatpay-signature']).toMatch(/^WECHATPAY\/SIGNTEST\//);
  });

  it.each(['', 'date=2026-11-26', 'date=20261332'])('answers a signed 400 PARAM_ERROR for ?%s', async (query) => {
    const answer = await get(`v3/global/statements${query ? `?${query}` : ''}`);
    expect(answer.status).toBe(400);
    expect(json(answer.body)).toMatchObject({ code: 'PARAM_ERROR', detail: { field: 'date' } });
    expect(signedOver(answer.headers, answer.body)).toBe(true);
  });
});

describe('simulator serveFile in worker mode', () => {
  let worker: Simulator;
  beforeAll(async () => {
    worker = await startSimulator({ worker: true });
  });
  afterAll(() => worker.close());

  it('registers bytes and paths in the worker and serves them there', async () => {
    const served = await worker.serveFile(Buffer.from('from the worker'), { gzip: true });
    expect(served.download_url.startsWith(worker.baseURL)).toBe(true);
    const download = await get(served.download_url, { sim: worker });
    expect(gunzipSync(download.body).toString()).toBe('from the worker');
    expect(served.hash_value).toBe(sha1('from the worker'));
    const path = join(dir, 'worker.csv');
    writeFileSync(path, 'a,b\n`1,`2\n');
    const byPath = await worker.serveFile(path);
    expect(sha1((await get(byPath.download_url, { sim: worker })).body)).toBe(sha1('a,b\n`1,`2\n'));
    // The worker's error crosses as data and is rebuilt as the same class, as in this thread.
    const missing = await rejection(worker.serveFile(join(dir, 'missing.csv')));
    expect(missing).toBeInstanceOf(ParameterError);
    expect(missing).toMatchObject({ field: 'content', message: expect.stringMatching(/^content: cannot read .*missing\.csv: ENOENT$/) });
  });

  it('serves bills in the worker too', async () => {
    const apply = await get('v3/bill/fundflowbill?bill_date=2026-11-26', { sim: worker });
    expect(apply.status).toBe(200);
    const served = json(apply.body) as { download_url: string; hash_value: string };
    expect(sha1((await get(served.download_url, { sim: worker })).body)).toBe(served.hash_value);
  });
});

import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Bill, DownloadError } from 'wechatpay-ts';
import { rejection } from '../support/failures.js';
import { simulated } from '../support/simulated.js';

const state = simulated();
const dir = mkdtempSync(join(tmpdir(), 'files-e2e-'));
const sha1 = (bytes: Uint8Array) => createHash('sha1').update(bytes).digest('hex');
const FAULT = 'Wechatpay-Simulator-Fault';

describe('bills from the simulator, in both call modes', () => {
  it('applies for a GZIP trade bill, downloads, gunzips and parses it (async)', async () => {
    const applied = await state.instance.v3.bill.tradebill.getAsync({ query: { bill_date: '2026-11-26', tar_type: 'GZIP' } });
    const to = join(dir, 'trade.csv');
    const result = await state.instance.getDriver().download(applied.json(), { to, gunzip: true });
    expect(result.digest).toBe(sha1(readFileSync(to)));
    expect(result.received).toBeLessThan(result.written);
    const bill = Bill.parse(pathToFileURL(to));
    let rows = 0;
    for await (const _ of bill) rows += 1;
    expect(rows).toBeGreaterThan(0);
    expect(await bill.summary()).toBeTypeOf('object');
  });

  it('downloads a fund-flow bill synchronously, kept gzip, its digest checked through a gunzip', () => {
    const applied = state.instance.v3.bill.fundflowbill.get({ query: { bill_date: '2026-11-26', tar_type: 'GZIP' } });
    const to = join(dir, 'fund.csv.gz');
    const result = state.instance.getDriver().downloadSync(applied.json(), { to });
    expect(result.path).toBe(to);
    expect(result.digest).toBe(sha1(gunzipSync(readFileSync(to))));
    expect(result.digest).toBe(applied.json<{ hash_value: string }>().hash_value.toLowerCase());
  });

  it('fails on an altered file in both modes, leaving no file behind', async () => {
    const applied = state.instance.v3.bill.tradebill.get({ query: { bill_date: '2026-11-25' } }).json<{ download_url: string }>();
    const to = join(dir, 'tampered.csv');
    const headers = { [FAULT]: 'tamper-body' };
    const async = await rejection(state.instance.getDriver().download(applied, { to, headers }));
    expect(async).toBeInstanceOf(DownloadError);
    expect(async).toMatchObject({ reason: 'hash' });
    expect(() => state.instance.getDriver().downloadSync(applied, { to, headers })).toThrow(
      expect.objectContaining({ name: 'DownloadError', reason: 'hash' }),
    );
    expect(existsSync(to) || existsSync(`${to}.partial`)).toBe(false);
  });
});

describe('uploads to the simulator, which checks the signed meta', () => {
  const image = randomBytes(30_000);
  const path = join(dir, 'evidence.png');
  writeFileSync(path, image);

  it('uploads in both modes and reads a complaint image back unsigned', async () => {
    const asyncUpload = await state.instance.v3.merchantService.images.upload.postAsync({ body: { file: path } });
    const syncUpload = state.instance['v3/merchant/media/upload'].post({ body: { file: { data: new Uint8Array(image), filename: 'x.png' } } });
    expect(syncUpload.json()).toHaveProperty('media_id');
    const { media_id } = asyncUpload.json<{ media_id: string }>();
    const fetched = state.instance.v3.merchantService.images._media_id_.get({ media_id });
    expect(Buffer.from(fetched.body).equals(image)).toBe(true);
    expect(fetched.headers.get('Content-Type')).toBe('image/png');
    expect(fetched.headers.has('Wechatpay-Signature')).toBe(false);
  });

  it('is refused by the simulator when meta names another digest', async () => {
    const error = await rejection(
      state.instance.v3.merchant.media.upload.postAsync({ body: { file: path, meta: { filename: 'evidence.png', sha256: '0'.repeat(64) } } }),
    );
    expect(error).toMatchObject({ name: 'ApiError', status: 400, code: 'PARAM_ERROR' });
  });
});

describe('overseas statements from the simulator', () => {
  it('verify by the signed digest, whole and streamed, in both modes', async () => {
    const whole = await state.instance.v3.global.statements.getAsync({ query: { date: '20261126', mchid: state.simulator.mchid } });
    const to = join(dir, 'statement.csv');
    const streamed = state.instance.v3.global.statements.get({ query: { date: '20261126', mchid: state.simulator.mchid }, download: { to } });
    expect(readFileSync(to).equals(Buffer.from(whole.body))).toBe(true);
    expect(streamed.download?.digest).toBe(whole.headers.get('Wechatpay-Statement-Sha1'));
    const tampered = await rejection(
      state.instance.v3.global.statements.getAsync({
        query: { date: '20261126', mchid: state.simulator.mchid },
        headers: { [FAULT]: 'tamper-body' },
      }),
    );
    expect(tampered).toMatchObject({ name: 'VerificationError', reason: 'digest' });
  });
});

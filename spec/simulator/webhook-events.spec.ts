import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { WEBHOOK_EVENTS } from 'wechatpay-ts/simulator';
import { DEFAULT_CATALOG, OUTPUT, extractWebhooks, generate } from '../../scripts/generate-webhooks.mjs';

const SCRIPT = fileURLToPath(new URL('../../scripts/generate-webhooks.mjs', import.meta.url));

/** The catalog beside the repository (CI has it): its absence is a failure, never a reason to skip. */
function catalog(): { webhooks: Array<{ event: string; protocol: string; request: unknown[] }> } {
  if (!existsSync(DEFAULT_CATALOG)) throw new Error(`the WeChat Pay API catalog is missing at ${DEFAULT_CATALOG}; these tests need it`);
  return JSON.parse(readFileSync(DEFAULT_CATALOG, 'utf8'));
}

const event = (name: string) => WEBHOOK_EVENTS.find((described) => described.event === name)!;
const names = (fields: readonly { name: string }[] | undefined) => (fields ?? []).map((field) => field.name);

describe('lib/simulator/webhook-events.ts', () => {
  it('is what scripts/generate-webhooks.mjs makes of the catalog today', () => {
    catalog();
    expect(readFileSync(OUTPUT, 'utf8') === generate(DEFAULT_CATALOG), 'out of date: run node scripts/generate-webhooks.mjs').toBe(true);
  });

  it('is what the built package serves', () => {
    expect(WEBHOOK_EVENTS).toEqual(extractWebhooks(catalog()).events);
  });

  it('holds every APIv3 callback of the catalog that has fields, and no APIv2 one', () => {
    const entries = catalog().webhooks;
    const expected = [...new Set(entries.filter((entry) => entry.protocol === 'v3' && entry.request.length > 0).map((entry) => entry.event))].sort();
    expect(WEBHOOK_EVENTS.map((described) => described.event)).toEqual(expected);
    expect(WEBHOOK_EVENTS.map((described) => described.event)).not.toContain('refund-processed');
  });

  it('repairs the catalog where it put decrypted fields in the wrong place', () => {
    expect(names(event('ECOMMERCE_ENTRUST.SIGN').fields)).toContain('out_contract_code');
    expect(names(event('MCHWITHDRAW.CHANGE').fields)).toEqual(expect.arrayContaining(['withdraw_id', 'status', 'amount']));
    const closed = event('RECHARGE.CLOSED').fields;
    expect(names(closed)).toEqual(expect.arrayContaining(['online_bank_recharge_info', 'available_recharge_channels']));
    const qr = closed.find((field) => field.name === 'qr_recharge_info');
    expect(names(qr?.children)).toEqual(['employee_type', 'openid']);
    expect(qr?.children?.[0]).toEqual({ name: 'employee_type', type: 'string', enum: ['ADMIN', 'STAFF', 'LEGAL_PERSON'] });
    expect(names(event('RECHARGE.FUND_RETURNED').fields).filter((name) => name === 'detail')).toHaveLength(1);
  });

  it('keeps what the catalog fixes about the envelope', () => {
    expect(event('TRANSACTION.SUCCESS')).toMatchObject({ originalType: 'transaction', title: '支付成功(TRANSACTION.SUCCESS)通知(JSON)' });
    expect(event('MERCHANT_NOTIFY.NOTIFY').summary).toBe('订阅消息');
    expect(event('MCHWITHDRAW.CHANGE').associatedData).toBe('mch_withdraw');
    expect(event('BUDGET.CLOSED').originalType).toBeUndefined();
  });
});

describe('scripts/generate-webhooks.mjs', () => {
  const entry = (event: string, ciphertext: unknown[], extra: object = {}) => ({
    event,
    protocol: 'v3',
    title: `T(${event})通知(JSON)`,
    request: [
      { name: 'headers', children: [] },
      { name: 'body', children: [{ name: 'resource', children: [{ name: 'ciphertext', encrypted: 'by-aes-gcm', children: ciphertext }] }] },
    ],
    ...extra,
  });

  it('marks odd types as unknown, keeps the first of repeated names, drops fields of scalars, and says so', () => {
    const { events, notes } = extractWebhooks({
      webhooks: [
        entry('B.EVENT', [
          { name: 'odd', type: '--' },
          { name: 'twice', type: 'string' },
          { name: 'twice', type: 'integer' },
          { name: 'flat', type: 'string', children: [{ name: 'x', type: 'string' }] },
        ]),
        entry('A.EVENT', []),
        { event: 'C.EVENT', protocol: 'v2', title: 'x', request: [] },
      ],
    });
    expect(events).toEqual([
      { event: 'A.EVENT', title: 'T(A.EVENT)通知(JSON)', fields: [] },
      {
        event: 'B.EVENT',
        title: 'T(B.EVENT)通知(JSON)',
        fields: [
          { name: 'odd', type: 'unknown' },
          { name: 'twice', type: 'string' },
          { name: 'flat', type: 'string' },
        ],
      },
    ]);
    expect(notes).toEqual([
      'B.EVENT odd: type "--" treated as unknown',
      'B.EVENT twice: repeated, the first kept',
      'B.EVENT flat: fields of a string dropped',
      'left out C.EVENT: an APIv2 (XML) callback, not signed or encrypted the APIv3 way',
    ]);
  });

  it.each([
    ['no webhooks array', {}, /no `webhooks` array/],
    ['an entry without an encrypted ciphertext', { webhooks: [{ event: 'X.Y', protocol: 'v3', title: 't', request: [{ name: 'body', children: [] }] }] }, /X\.Y: no body\.resource\.ciphertext/],
    ['two APIv3 entries for one event', { webhooks: [entry('X.Y', []), entry('X.Y', [])] }, /two APIv3 entries for X\.Y/],
  ])('refuses a catalog with %s', (_, input, message) => {
    expect(() => extractWebhooks(input)).toThrow(message);
  });

  it('with --check, exits 0 when the module is up to date and 1 when it is not, writing nothing', async () => {
    catalog();
    const run = promisify(execFile);
    await expect(run(process.execPath, [SCRIPT, DEFAULT_CATALOG, '--check'])).resolves.toMatchObject({ stdout: expect.stringMatching(/is up to date/) });
    const other = join(mkdtempSync(join(tmpdir(), 'webhooks-')), 'catalog.json');
    writeFileSync(other, JSON.stringify({ webhooks: [entry('A.EVENT', [])] }));
    const before = readFileSync(OUTPUT, 'utf8');
    await expect(run(process.execPath, [SCRIPT, other, '--check'])).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/is out of date/) });
    expect(readFileSync(OUTPUT, 'utf8')).toBe(before);
  });
});

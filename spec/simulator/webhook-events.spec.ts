import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WEBHOOK_EVENTS } from 'wechatpay-ts/simulator';
import { buildModel, loadCatalog, loadModel } from '../../scripts/catalog/model.mjs';
import { OUTPUT, renderJson, webhookEvents } from '../../scripts/generate-webhooks.mjs';
import { ROOT } from '../../scripts/generate.mjs';

const catalog = () => loadCatalog() as { webhooks: Array<{ event: string; protocol: string; request: unknown[] }> };
const event = (name: string) => WEBHOOK_EVENTS.find((described) => described.event === name)!;
const names = (fields: readonly { name: string }[] | undefined) => (fields ?? []).map((field) => field.name);

// Whether the committed JSON is up to date is checked by spec/catalog/generate.spec.ts (npm run generate -- --check).
describe('lib/simulator/webhook-events.json', () => {
  it('is what the built package serves, and what the generator makes of the catalog', () => {
    const data = JSON.parse(readFileSync(`${ROOT}${OUTPUT}`, 'utf8'));
    expect(WEBHOOK_EVENTS).toEqual(data.events);
    expect(WEBHOOK_EVENTS).toEqual(webhookEvents(loadModel()).events);
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
  const model = (webhooks: unknown[]) => buildModel({ endpoints: [], webhooks });

  it('marks odd types as unknown, keeps the first of repeated names, drops fields of scalars, and says so', () => {
    const { events, notes } = webhookEvents(
      model([
        entry('B.EVENT', [
          { name: 'odd', type: '--' },
          { name: 'twice', type: 'string' },
          { name: 'twice', type: 'integer' },
          { name: 'flat', type: 'string', children: [{ name: 'x', type: 'string' }] },
        ]),
        entry('A.EVENT', [{ name: 'id', type: 'string', required: true }]),
        { event: 'C.EVENT', protocol: 'v2', title: 'x', request: [] },
      ]),
    );
    expect(events).toEqual([
      { event: 'A.EVENT', title: 'T(A.EVENT)通知(JSON)', fields: [{ name: 'id', type: 'string', required: true }] },
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
      'B.EVENT resource.flat: fields of a string dropped',
      'B.EVENT resource.odd: type "--" treated as unknown',
      'B.EVENT resource.twice: repeated, the first kept',
      'left out C.EVENT: an APIv2 (XML) callback, not signed or encrypted the APIv3 way',
    ]);
  });

  it('writes JSON with one field per line, a long enum one value per line', () => {
    const text = renderJson(
      webhookEvents(
        model([
          entry('A.EVENT', [
            { name: 'amount', type: 'object', children: [{ name: 'total', type: 'integer', required: true }] },
            {
              name: 'state',
              type: 'string',
              enum: ['A_RATHER_LONG_STATE_NAME', 'ANOTHER_RATHER_LONG_STATE_NAME', 'A_THIRD_RATHER_LONG_STATE_NAME', 'AND_A_FOURTH'],
            },
          ]),
        ]),
      ),
    );
    expect(JSON.parse(text).events[0].fields[0]).toEqual({
      name: 'amount',
      type: 'object',
      children: [{ name: 'total', type: 'integer', required: true }],
    });
    expect(text).toContain(
      [
        '      "fields": [',
        '        {"name":"amount","type":"object","children":[',
        '          {"name":"total","type":"integer","required":true}',
        '        ]},',
        '        {"name":"state","type":"string","enum":[',
        '          "A_RATHER_LONG_STATE_NAME",',
        '          "ANOTHER_RATHER_LONG_STATE_NAME",',
        '          "A_THIRD_RATHER_LONG_STATE_NAME",',
        '          "AND_A_FOURTH"',
        '        ]}',
        '      ]',
      ].join('\n'),
    );
  });

  it.each([
    ['a webhooks member that is no array', { endpoints: [], webhooks: {} }, /`webhooks` is not an array/],
    [
      'an entry without an encrypted ciphertext',
      { endpoints: [], webhooks: [{ event: 'X.Y', protocol: 'v3', title: 't', request: [{ name: 'body', children: [] }] }] },
      /X\.Y: no body\.resource\.ciphertext/,
    ],
    ['two APIv3 entries for one event', { endpoints: [], webhooks: [entry('X.Y', []), entry('X.Y', [])] }, /two v3 entries for X\.Y/],
  ])('refuses a catalog with %s', (_, input, message) => {
    expect(() => buildModel(input)).toThrow(message);
  });
});

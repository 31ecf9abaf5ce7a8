import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Builder } from 'wechatpay-ts';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const instance = Builder.factory({ mchid: '1900000001', serial: 'ABC123', privateKey, certs: { PUB_KEY_ID_01: publicKey } });

describe('segment normalisation (as wechatpay-php)', () => {
  it.each([
    ['V3', 'v3'],
    ['merchantService', 'merchant-service'],
    ['complaintsV2', 'complaints-v2'],
    ['smartretailOrders', 'smartretail-orders'],
    ['_out_order_no_', '{out_order_no}'],
    ['applyment4sub', 'applyment4sub'],
    ['h5', 'h5'],
    ['MerchantService', 'merchant-service'],
    ['_outOrderNo_', '{out-order-no}'],
  ])('%s → %s', (key, segment) => {
    expect(String(instance[key])).toBe(segment);
  });

  it('chains segments into a path', () => {
    expect(String(instance.v3.payscore.smartretailOrders._out_order_no_.complete)).toBe('v3/payscore/smartretail-orders/{out_order_no}/complete');
  });

  it('keeps the case of slash paths, in chain(), brackets and mixed', () => {
    expect(String(instance.chain('v3/marketing/AbcdEF12345/_id_'))).toBe('v3/marketing/AbcdEF12345/{id}');
    expect(String(instance['v3/marketing/AbcdEF12345'])).toBe('v3/marketing/AbcdEF12345');
    expect(String(instance.v3['pay/transactions/native'])).toBe('v3/pay/transactions/native');
    expect(String(instance.v3.chain('merchantService'))).toBe('v3/merchantService');
  });

  it('gives a trailing slash for an empty key', () => {
    expect(String(instance.v3.certificates[''])).toBe('v3/certificates/');
  });
});

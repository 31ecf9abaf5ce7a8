import { generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Builder } from 'wechatpay-ts';
import { DEFAULT_CATALOG, loadModel, normalizeSegment, segmentProperties } from '../../scripts/catalog/model.mjs';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const instance = Builder.factory({ mchid: '1900000001', serial: 'ABC123', privateKey, certs: { PUB_KEY_ID_01: publicKey } });

/** The catalog beside the repository (CI has it): its absence is a failure, never a reason to skip. */
function model() {
  if (!existsSync(DEFAULT_CATALOG)) throw new Error(`the WeChat Pay API catalog is missing at ${DEFAULT_CATALOG}; these tests need it`);
  return loadModel();
}

const { endpoints, webhooks, notes } = model();
const at = (path: string) => endpoints.find((endpoint) => endpoint.path === path)!;

describe('scripts/catalog/model.mjs', () => {
  it('keeps every operation of the catalog, and no page without one', () => {
    expect(endpoints.reduce((count, endpoint) => count + endpoint.operations.length, 0)).toBe(1147);
    expect(endpoints.every((endpoint) => endpoint.operations.length > 0)).toBe(true);
    expect(notes).toContain('v2/papay/partner/paporderquery: no operation on its page, left out');
    expect(webhooks).toHaveLength(115);
  });

  it('gives each segment exactly the property names the runtime chain turns into it', () => {
    for (const endpoint of endpoints) {
      for (const { segment, properties } of endpoint.chain) {
        for (const property of properties) expect(String(instance[property]), `${endpoint.path}: ${property}`).toBe(segment);
      }
      const reachable = endpoint.chain.every((segment) => segment.properties.length > 0);
      if (reachable) {
        // biome-ignore lint/suspicious/noExplicitAny: walking the chain by names only known at run time.
        const node = endpoint.chain.reduce((parent: any, segment) => parent[segment.properties.at(-1)!], instance);
        expect(String(node)).toBe(endpoint.path);
      }
    }
    expect(segmentProperties('smartretail-orders')).toEqual(['smartretail-orders', 'smartretailOrders']);
    expect(segmentProperties('{out_order_no}')).toEqual(['{out_order_no}', '_out_order_no_']);
    expect(segmentProperties('addInstitutionsub')).toEqual([]);
    expect(normalizeSegment('complaintsV2')).toBe('complaints-v2');
  });

  it('normalises the seed endpoint into typed fields', () => {
    const [complete] = at('v3/payscore/smartretail-orders/{out_order_no}/complete').operations;
    expect(complete).toMatchObject({ method: 'POST', verb: 'post', title: '完结智慧零售订单', security: false, multipart: false });
    expect(complete!.placeholders).toEqual([{ name: 'out_order_no', key: 'out_order_no', type: 'string', tsType: 'string', required: true }]);
    const finishType = complete!.json!.children!.find((field) => field.name === 'finish_type');
    expect(finishType).toMatchObject({ type: 'integer', required: false, enum: ['1', '2'], tsType: '1 | 2' });
  });

  it('repairs the catalog quirks and says so', () => {
    const upload = at('v3/marketing/partner/product-coupon/media/upload-image').operations[0]!;
    expect(upload.body!.children!.find((part) => part.name === 'meta')!.encoded).toBe('by-json_encode');
    expect(upload.multipart).toBe(true);
    const refund = at('v2/secapi/pay/refund').operations[0]!;
    expect(refund.security).toBe(true);
    expect(refund.xml!.children!.find((field) => field.indexed)).toBeUndefined();
    const indexed = endpoints
      .flatMap((endpoint) => endpoint.operations.flatMap((operation) => operation.response))
      .find((field) => field.name === 'coupon_type_$n');
    expect(indexed).toMatchObject({ indexed: true, key: '`coupon_type_${number}`' });
    const micropay = at('v3/transactions/micropay').operations[0]!;
    expect(JSON.stringify(micropay.response)).not.toContain('payer _currency');
    expect(notes.some((note) => note.includes('"--" row'))).toBe(true);
    expect(notes).toContain('GET v3/bank-transfer/batches/out-batch-no/{out_batch_no}: placeholder out_batch_no not among the request fields, added');
  });
});

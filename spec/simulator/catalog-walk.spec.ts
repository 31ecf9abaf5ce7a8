import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, Builder, type UntypedWechatpay } from 'wechatpay-ts';
import { startSimulator, type Simulator } from 'wechatpay-ts/simulator';
import { loadModel } from '../../scripts/catalog/model.mjs';
import { responseProblems, sampleOptions } from '../support/catalog-requests.js';
import { fixture } from '../support/fixtures.js';

const SECRET = fixture('apiv2-key.txt').trim();
const TLS = { ca: fixture('tls-ca.pem'), cert: fixture('tls-server.pem'), key: fixture('tls-server-key.pem') };
const MERCHANT_PEM = { cert: fixture('tls-client.pem'), key: fixture('tls-client-key.pem') };

/**
 * Business errors a catalog-only request meets, as WeChat Pay answers them: it names an order, a file or an image
 * that does not exist. Anything else must be a 2xx.
 */
const BUSINESS_ERRORS: Record<string, string> = {
  // A merchant in public key mode has no platform certificates.
  'GET v3/certificates': 'RESOURCE_NOT_EXISTS',
  // finish_type 2 (the first value) needs total_amount, which the catalog cannot say.
  'POST v3/payscore/smartretail-orders/{out_order_no}/complete': 'PARAM_ERROR',
  // The ledger's orders and refunds: none of these exists.
  'GET v3/pay/transactions/id/{transaction_id}': 'ORDER_NOT_EXIST',
  'GET v3/pay/transactions/out-trade-no/{out_trade_no}': 'ORDER_NOT_EXIST',
  'POST v3/pay/transactions/out-trade-no/{out_trade_no}/close': 'ORDER_NOT_EXIST',
  'GET v3/pay/partner/transactions/id/{transaction_id}': 'ORDER_NOT_EXIST',
  'GET v3/pay/partner/transactions/out-trade-no/{out_trade_no}': 'ORDER_NOT_EXIST',
  'POST v3/pay/partner/transactions/out-trade-no/{out_trade_no}/close': 'ORDER_NOT_EXIST',
  'GET v3/combine-transactions/out-trade-no/{combine_out_trade_no}': 'ORDER_NOT_EXIST',
  'POST v3/combine-transactions/out-trade-no/{combine_out_trade_no}/close': 'ORDER_NOT_EXIST',
  'GET v3/refund/domestic/refunds/{out_refund_no}': 'RESOURCE_NOT_EXISTS',
  'POST v3/profitsharing/orders': 'RESOURCE_NOT_EXISTS',
  'GET v3/profitsharing/orders/{out_order_no}': 'RESOURCE_NOT_EXISTS',
  'POST v3/profitsharing/orders/unfreeze': 'RESOURCE_NOT_EXISTS',
  'GET v3/profitsharing/transactions/{transaction_id}/amounts': 'RESOURCE_NOT_EXISTS',
  'POST v3/profitsharing/return-orders': 'RESOURCE_NOT_EXISTS',
  'GET v3/profitsharing/return-orders/{out_return_no}': 'RESOURCE_NOT_EXISTS',
  // The catalog marks transaction_id and out_trade_no optional; one of them is needed.
  'POST v3/refund/domestic/refunds': 'PARAM_ERROR',
  // The APIv2 ledger: trade_type must be one WeChat Pay knows (the catalog lists none), the orders do not exist.
  'POST v2/pay/unifiedorder': 'PARAM_ERROR',
  'POST v2/pay/orderquery': 'ORDERNOTEXIST',
  'POST v2/pay/closeorder': 'ORDERNOTEXIST',
  'POST v2/pay/refundquery': 'REFUNDNOTEXIST',
  'GET v3/billdownload/file': 'RESOURCE_NOT_EXISTS',
  'GET v3/merchant-service/images/{media_id}': 'RESOURCE_NOT_EXISTS',
};

/** What the client itself refuses to send (so the simulator never sees it): APIv2 multipart uploads. */
const CLIENT_REFUSES: Record<string, string> = {
  'POST v2/secapi/mch/uploadmedia': 'ParameterError',
};

/** Routes written by hand before the catalog (uploads, bills, certificates, APIv2 micropay…): their own answers. */
const HAND_WRITTEN = new Set([
  'POST v3/merchant/media/upload',
  'POST v3/merchant/media/video_upload',
  'POST v3/marketing/favor/media/image-upload',
  'POST v3/merchant-service/images/upload',
  'GET v3/bill/tradebill',
  'GET v3/bill/fundflowbill',
  'GET v3/global/statements',
  'POST v2/pay/micropay',
  'POST v2/secapi/pay/refund',
  'POST v2/pay/downloadbill',
]);

const model = loadModel();
const operations = model.endpoints.flatMap((endpoint) =>
  endpoint.operations.map((operation) => ({ endpoint, operation, key: `${operation.method} ${endpoint.path}` })),
);

const state = {} as { simulator: Simulator; v3: UntypedWechatpay; v2: UntypedWechatpay };

beforeAll(async () => {
  state.simulator = await startSimulator({ v2: { secret: SECRET, tls: TLS } });
  state.v3 = Builder.factory(state.simulator.config) as unknown as UntypedWechatpay;
  state.v2 = Builder.factory({
    mchid: state.simulator.mchid,
    secret: SECRET,
    merchant: MERCHANT_PEM,
    tls: { ca: TLS.ca },
    baseURL: state.simulator.secureBaseURL,
  }) as unknown as UntypedWechatpay;
});
afterAll(async () => {
  await state.v3?.getDriver().close();
  await state.v2?.getDriver().close();
  await state.simulator?.close();
});

describe('the whole catalog against the simulator', () => {
  it('has the catalog the brief counts', () => {
    expect(operations).toHaveLength(1147);
  });

  it("answers every operation built from its required fields with a verified 2xx holding the catalog's required response fields, or a documented business error", async () => {
    const outcomes = await Promise.all(
      operations.map(async ({ endpoint, operation, key }, i) => {
        const client = endpoint.protocol === 'v2' ? state.v2 : state.v3;
        const options = sampleOptions(endpoint.path, operation, state.simulator.mchid, String(i));
        type Answer = { status: number; text(): string; json(): Record<string, unknown>; xml(): Record<string, unknown> };
        const call = (client.chain(endpoint.path) as unknown as Record<string, (options: unknown) => Promise<Answer>>)[`${operation.verb}Async`];
        try {
          const response = await (call as (options: unknown) => Promise<Answer>)(options);
          if (!(response.status >= 200 && response.status < 300) || BUSINESS_ERRORS[key] !== undefined) return `${key}: ${response.status}`;
          if (HAND_WRITTEN.has(key) || response.status === 204) return undefined;
          const body = endpoint.protocol === 'v2' ? response.xml() : response.json();
          // Some APIv2 pages mark err_code required, which a successful answer never has.
          const fields = operation.response.filter((field) => !['err_code', 'err_code_des', 'error_code'].includes(field.name));
          const problems = responseProblems(fields, body, endpoint.protocol === 'v2');
          return problems.length === 0 ? undefined : `${key}: ${problems.join('; ')}`.slice(0, 300);
        } catch (error) {
          if (error instanceof ApiError && BUSINESS_ERRORS[key] === (error.code ?? error.errCode)) return undefined;
          if (CLIENT_REFUSES[key] === (error as Error).name) return undefined;
          return `${key}: ${(error as Error).name} ${(error as Error).message}`.slice(0, 300);
        }
      }),
    );
    const failures = outcomes.filter((outcome) => outcome !== undefined);
    expect(failures).toEqual([]);
  }, 60_000);
});

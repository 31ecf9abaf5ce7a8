import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../scripts/catalog/model.mjs';
import { OUTPUT, simulatorRoutes } from '../../scripts/generate-simulator-routes.mjs';

describe('the simulator data generated from the catalog', () => {
  it('holds every operation, the request fields to validate and the answer fields in a compact form', () => {
    const model = loadModel();
    const routes = simulatorRoutes(model);
    expect(Object.keys(routes)).toHaveLength(model.endpoints.reduce((sum, endpoint) => sum + endpoint.operations.length, 0));
    const [request, response] = routes['POST v3/pay/transactions/jsapi'] ?? [];
    expect(request?.json).toMatchObject({
      appid: 's!',
      attach: 's',
      amount: ['o!', { total: 'i!', currency: 's' }],
      payer: ['o!', { identity: ['o', { number: 's!#' }] }],
    });
    expect(response).toEqual({ prepay_id: 's!' });
    const [v2] = routes['POST v2/pay/orderquery'] ?? [];
    expect(v2).toMatchObject({ oneOf: ['transaction_id', 'out_trade_no'], xml: { version: ['s', '1.0'] } });
    expect(JSON.parse(readFileSync(new URL(`../../${OUTPUT}`, import.meta.url), 'utf8'))).toEqual(routes);
  });
});

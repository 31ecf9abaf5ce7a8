import { describe, expect, it } from 'vitest';
import { ApiError, Builder, ConfigError, ParameterError, type ChainNode, type Transport, type WechatpayRequest } from 'wechatpay-ts';
import { loadModel } from '../../scripts/catalog/model.mjs';
import { catalogPaths, renderPaths } from '../../scripts/generate-paths.mjs';
import { failure } from '../support/failures.js';
import { fixture } from '../support/fixtures.js';
import { ORDER, SEED, simulated } from '../support/simulated.js';

const env = simulated();

/** Both modes refuse the path with "did you mean"; returns the message, after checking nothing was sent. */
async function refused(node: ChainNode, suggestion: string): Promise<string> {
  const before = (await env.simulator.received()).length;
  const errors = [await failure(() => node.post({ json: ORDER })), await failure(() => node.postAsync({ json: ORDER }))];
  for (const error of errors) {
    expect(error).toBeInstanceOf(ParameterError);
    expect(error).toMatchObject({ code: 'ERR_PARAMETER', parameter: 'path' });
    expect((error as Error).message).toContain(`${JSON.stringify(String(node))} is not in the WeChat Pay API catalog; did you mean ${suggestion}?`);
  }
  expect((await env.simulator.received()).length).toBe(before);
  return (errors[0] as Error).message;
}

/** The targets the simulator received from `run`. */
async function sent(run: () => Promise<unknown>): Promise<string[]> {
  const before = (await env.simulator.received()).length;
  await run().catch((error: unknown) => {
    if (!(error instanceof ApiError)) throw error;
  });
  return (await env.simulator.received()).slice(before).map((request) => request.target.replace(/\?.*/, ''));
}

describe('the catalog as a safety net for chain paths', () => {
  it("refuses wechatpay-php's camelCase slash path, suggesting the catalog's spelling, which then works", async () => {
    const root = env.untyped;
    await refused(root.chain('v3/payscore/smartretailOrders/{out_order_no}/complete'), SEED);
    await refused(root.v3['payscore/smartretailOrders/_out_order_no_/complete']!, SEED);
    expect((await env.instance.chain(SEED).postAsync({ out_order_no: 'PHP1', json: ORDER })).status).toBe(200);
  });

  it('refuses a misspelt property, in both modes', async () => {
    await refused(env.untyped.v3.payscore.smartretailOrdrs!._out_order_no_!.complete!, SEED);
    await refused(env.untyped.v3.payscore.smartretailOrders!._out_order_no_!.compleet!, SEED);
  });

  it('never corrects an id: a case-mixed id fills a placeholder as written', async () => {
    const root = env.untyped;
    expect(await sent(() => root.chain('v3/pay/transactions/out-trade-no/abcDef').getAsync({ query: { mchid: '1900000001' } }))).toEqual([
      '/v3/pay/transactions/out-trade-no/abcDef',
    ]);
    expect(await sent(() => root.v3.pay.transactions['out-trade-no/AbcDEF_x-Y']!.getAsync({ query: { mchid: '1900000001' } }))).toEqual([
      '/v3/pay/transactions/out-trade-no/AbcDEF_x-Y',
    ]);
    // An id that happens to be near a catalog segment stays an id where the catalog has a placeholder.
    expect(await sent(() => root.chain('v3/pay/transactions/id/jsapi').getAsync({ query: { mchid: '1900000001' } }))).toEqual([
      '/v3/pay/transactions/id/jsapi',
    ]);
    // Misspelt around an id: the suggestion corrects the segment and keeps the id.
    await refused(root.chain('v3/pay/transactions/outTradeNo/abcDef/close'), 'v3/pay/transactions/out-trade-no/abcDef/close');
  });

  it('sends a path near nothing in the catalog (an endpoint newer than it), and a known path with a leading slash', async () => {
    const root = env.untyped;
    expect(await sent(() => root.chain('v3/brand-new-product/things/{thing_id}').getAsync({ thing_id: 'T1' }))).toEqual([
      '/v3/brand-new-product/things/T1',
    ]);
    expect(await sent(() => root.v3.brandNewProduct.things.getAsync())).toEqual(['/v3/brand-new-product/things']);
    expect(
      await sent(() => root.chain('/v3/pay/transactions/id/{transaction_id}').getAsync({ transaction_id: '4200', query: { mchid: '1900000001' } })),
    ).toEqual(['/v3/pay/transactions/id/4200']);
  });

  it('names the APIv2 spellings no property reaches', async () => {
    await refused(env.untyped.v2.secapi.mch.addInstitutionsub!, 'v2/secapi/mch/addInstitutionsub');
  });
});

describe('every catalog path passes the net', () => {
  it('as a template and with case-mixed ids in its placeholders', async () => {
    // An APIv2-only client: an APIv3 call passes the chain's checks, then stops at the missing APIv3 keys (nothing
    // signed, so this stays quick); an APIv2 call reaches the transport, which records its URL and sends nothing.
    const urls: string[] = [];
    const recording: Transport = {
      name: 'recording',
      async send(request: WechatpayRequest) {
        urls.push(request.url.pathname);
        throw new Error('recorded, not sent');
      },
      async close() {},
    };
    const root = Builder.factory<'untyped'>({
      mchid: '1900000001',
      secret: fixture('apiv2-key.txt').trim(),
      transport: recording,
      baseURL: 'https://api.mch.weixin.qq.com/',
    });
    const refusals: string[] = [];
    const { endpoints } = loadModel();
    for (const { path } of endpoints) {
      const concrete = path.replace(/\{([^}]+)\}/g, (_, name: string) => `Id${name.length}xY`);
      const values = Object.fromEntries([...path.matchAll(/\{([^}]+)\}/g)].map((match) => [match[1], 'vAlUe']));
      for (const [node, options] of [
        [root.chain(path), values],
        [root.chain(concrete), {}],
      ] as const) {
        const error = await failure(() => node.postAsync(options));
        if (!(error instanceof ConfigError || (error as Error).message === 'recorded, not sent')) refusals.push(`${path}: ${String(error)}`);
      }
    }
    expect(refusals).toEqual([]);
    expect(urls.length).toBe(2 * endpoints.filter((endpoint) => endpoint.protocol === 'v2').length);
    expect(urls).toContain('/secapi/mch/addInstitutionsub');
  });
});

describe('scripts/generate-paths.mjs', () => {
  it('front-codes sorted paths by shared leading segments', () => {
    const text = renderPaths(['v3/pay/transactions/jsapi', 'v3/pay/transactions/native', 'v3/payscore/x/{id}', 'v3/payscore/x/{id}/y']);
    expect(text.split('\n').slice(3, 7)).toEqual(['0 v3/pay/transactions/jsapi', '3 native', '1 payscore/x/{id}', '4 y']);
    expect(catalogPaths(loadModel())).toHaveLength(1064);
  });
});

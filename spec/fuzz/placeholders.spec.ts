import fc from 'fast-check';
import { describe, it } from 'vitest';
import { fuzzClient } from './support/client.js';
import { expectCleanError } from './support/secrets.js';
import { fuzz, timeoutOf } from './support/settings.js';
import { anyText } from './support/strings.js';

// Target 2: placeholder values. A `{name}` filled with any string is one path segment that decodes back to the value
// exactly, on the base's origin; or the call fails with a WechatpayError before anything is sent.

const BASE = 'https://apihk.mch.weixin.qq.com/hk/';
const client = fuzzClient({ baseURL: BASE });
const base = new URL(BASE);

/** Two templates: the placeholder last, and in the middle. Segments as the chain sends them, `null` for the value. */
const TEMPLATES = [
  {
    call: (value: unknown) =>
      client.instance.v3.pay.transactions.outTradeNo._out_trade_no_.getAsync({ out_trade_no: value, query: { mchid: '1900000001' } }),
    segments: ['v3', 'pay', 'transactions', 'out-trade-no', null],
  },
  {
    call: (value: unknown) =>
      client.instance.chain('v3/refund/domestic/refunds/{out_refund_no}/detail').postAsync({ out_refund_no: value, json: {} }),
    segments: ['v3', 'refund', 'domestic', 'refunds', null, 'detail'],
  },
];

describe('fuzz: placeholder values (target 2)', () => {
  it(
    'fills a placeholder with exactly the value, in one segment, or fails with a WechatpayError',
    async () => {
      const examples: Array<[number, string]> = [
        [0, '\uD800'],
        [1, 'a\uDFFFb'],
        [0, '..'],
        [1, '%2e%2e'],
        [0, 'a/../../b'],
        [1, '?x#y'],
      ];
      await fc.assert(
        fc.asyncProperty(fc.nat({ max: TEMPLATES.length - 1 }), anyText, async (which, value) => {
          const template = TEMPLATES[which] as (typeof TEMPLATES)[number];
          client.transport.reset();
          let error: unknown;
          try {
            await template.call(value);
          } catch (caught) {
            error = caught;
          }
          const sent = client.transport.requests;
          if (error !== undefined) {
            expectCleanError(error, client.secrets.withSignatures(sent));
            if (sent.length > 0) throw new Error(`the call failed with ${String(error)}, but a request was sent first`);
            // An ordinary order number must go through.
            if (/^[\w-]+$/.test(value)) throw new Error(`the plain value ${value} was refused: ${String(error)}`);
            return;
          }
          const [request] = sent;
          if (request === undefined || sent.length !== 1) throw new Error(`expected one request, ${sent.length} were sent`);
          const { url } = request;
          if (url.origin !== base.origin) throw new Error(`the request went to ${url.origin}`);
          if (url.hash !== '') throw new Error(`the URL has the fragment ${url.hash}`);
          if (!url.pathname.startsWith(base.pathname)) throw new Error(`the path ${url.pathname} left the base path`);
          const segments = url.pathname.slice(base.pathname.length).split('/');
          if (segments.length !== template.segments.length) throw new Error(`the value spread over several segments: ${url.pathname}`);
          template.segments.forEach((expected, index) => {
            const got = segments[index] as string;
            if (expected === null) {
              const decoded = decodeURIComponent(got);
              if (decoded !== value) throw new Error(`the segment ${got} decodes to ${JSON.stringify(decoded)}, not ${JSON.stringify(value)}`);
            } else if (got !== expected) {
              throw new Error(`segment ${index} is ${got}, not ${expected}`);
            }
          });
          const query = which === 0 ? '?mchid=1900000001' : '';
          if (url.search !== query) throw new Error(`the query is ${url.search}, not ${query}`);
        }),
        fuzz({ examples }),
      );
    },
    timeoutOf(),
  );
});

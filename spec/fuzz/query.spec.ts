import fc from 'fast-check';
import { describe, it } from 'vitest';
import { ParameterError } from 'wechatpay-ts';
import { fuzzClient } from './support/client.js';
import { expectCleanError } from './support/secrets.js';
import { fuzz, timeoutOf } from './support/settings.js';
import { anyText, loneSurrogate } from './support/strings.js';
import { isWellFormed } from './support/urls.js';

// Target 3: query objects. A query of strings, finite numbers, booleans and arrays of them is sent so that it decodes
// back to exactly those pairs, in order, an array repeating its key; anything else is a ParameterError, nothing sent.

const client = fuzzClient({ baseURL: 'https://api.mch.weixin.qq.com/' });

const scalar = fc.oneof(anyText, fc.double(), fc.integer(), fc.boolean());
const odd = fc.oneof(
  fc.constant(null),
  fc.constant(Symbol('s')),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
  fc.bigInt({ min: -10n, max: 10n }),
  fc.object({ maxDepth: 1, maxKeys: 2 }),
  fc.constant(() => 'x'),
  fc.constant(new Date(0)),
  fc.array(fc.array(scalar, { maxLength: 2 }), { minLength: 1, maxLength: 2 }),
);
const value = fc.oneof(
  { weight: 6, arbitrary: scalar },
  { weight: 3, arbitrary: fc.array(scalar, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.array(fc.oneof(scalar, fc.constant(undefined), fc.constant(null)), { minLength: 1, maxLength: 3 }) },
  { weight: 1, arbitrary: odd },
);
const key = fc.oneof(
  anyText,
  fc.constantFrom('__proto__', 'constructor', 'toString', 'mchid', '0', '1', 'a[b]', 'a.b'),
  fc.tuple(fc.constant('k'), loneSurrogate).map((parts) => parts.join('')),
);
const queryArb = fc.oneof(
  { weight: 8, arbitrary: fc.dictionary(key, value, { maxKeys: 5 }) },
  { weight: 1, arbitrary: fc.dictionary(key, value, { maxKeys: 2 }).map((entries) => Object.assign(Object.create(null) as object, entries)) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, 'a=1', ['a'], new Map([['a', '1']]), 5, { [Symbol('k')]: 'v' }) },
);

/** The pairs a valid query must give, or `undefined` when the query must be refused. Strings with lone surrogates may be refused either way. */
function expectedPairs(query: unknown): { pairs: Array<[string, string]>; mayRefuse: boolean } | undefined {
  if (query === null || typeof query !== 'object' || Array.isArray(query)) return undefined;
  const proto = Object.getPrototypeOf(query);
  if (proto !== Object.prototype && proto !== null) return undefined;
  const pairs: Array<[string, string]> = [];
  let mayRefuse = Object.getOwnPropertySymbols(query).length > 0;
  for (const [name, item] of Object.entries(query)) {
    if (item === undefined) continue;
    if (!isWellFormed(name)) mayRefuse = true;
    for (const one of Array.isArray(item) ? item : [item]) {
      let text: string;
      if (typeof one === 'string') text = one;
      else if (typeof one === 'boolean') text = String(one);
      else if (typeof one === 'number' && Number.isFinite(one)) text = String(one);
      else return undefined;
      if (!isWellFormed(text)) mayRefuse = true;
      pairs.push([name, text]);
    }
  }
  return { pairs, mayRefuse };
}

describe('fuzz: query objects (target 3)', () => {
  it(
    'sends a query that decodes back to the given pairs, or refuses it with a ParameterError',
    async () => {
      const examples: Array<[unknown]> = [
        [{ a: '\uD800' }],
        [{ '\uDC00': 'x' }],
        [{ a: [1, 'x', true], b: undefined, c: '' }],
        [{ a: null }],
        [{ a: { b: 1 } }],
      ];
      await fc.assert(
        fc.asyncProperty(queryArb, async (query) => {
          client.transport.reset();
          let error: unknown;
          try {
            await client.instance.v3.pay.transactions.getAsync({ query } as never);
          } catch (caught) {
            error = caught;
          }
          const sent = client.transport.requests;
          const expected = expectedPairs(query);
          if (error !== undefined) {
            expectCleanError(error, client.secrets.withSignatures(sent));
            if (!(error instanceof ParameterError)) throw new Error(`expected a ParameterError, got ${error.name}: ${error.message}`);
            if (sent.length > 0) throw new Error('the query was refused after a request was sent');
            if (expected !== undefined && !expected.mayRefuse) throw new Error(`a valid query was refused: ${error.message}`);
            return;
          }
          if (expected === undefined) throw new Error('an invalid query was sent');
          const [request] = sent;
          if (request === undefined) throw new Error('nothing was sent');
          const search = request.url.search.slice(1);
          const got =
            search === ''
              ? []
              : search.split('&').map((pair) => {
                  const at = pair.indexOf('=');
                  if (at === -1) throw new Error(`the pair ${pair} has no =`);
                  return [decodeURIComponent(pair.slice(0, at)), decodeURIComponent(pair.slice(at + 1))];
                });
          if (JSON.stringify(got) !== JSON.stringify(expected.pairs)) {
            throw new Error(`the query ${request.url.search} decodes to ${JSON.stringify(got)}, not ${JSON.stringify(expected.pairs)}`);
          }
          if (request.url.pathname !== '/v3/pay/transactions') throw new Error(`the query changed the path: ${request.url.pathname}`);
        }),
        fuzz({ examples }),
      );
    },
    timeoutOf(),
  );
});

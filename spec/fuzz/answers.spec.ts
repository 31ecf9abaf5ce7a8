import fc from 'fast-check';
import { describe, it } from 'vitest';
import { ApiError, WechatpayResponse } from 'wechatpay-ts';
import { fuzzClient, NOW } from './support/client.js';
import { expectCleanError } from './support/secrets.js';
import { fuzz, timeoutOf } from './support/settings.js';
import { signingArb, signParts, type Signing } from './support/signatures.js';

// Target 4: APIv3 answers. The transport answers each signed request with a generated answer, validly signed or
// mutated. A call returns only a validly signed 2xx answer (and always returns one); every refusal is a
// WechatpayError; an ApiError built from an answer that is not validly signed never takes the body's `code`.

const client = fuzzClient();
const { transport } = client;

const STATUS = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(200, 200, 204, 202, 400, 401, 403, 404, 429, 500, 502) },
  { weight: 2, arbitrary: fc.integer({ min: 100, max: 599 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, 1, 99, 299, 300, 600, 999, 1000, 65_535, 2 ** 31 - 1) },
);

const text = new TextEncoder();
const BODY = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .record({
        code: fc.string({ minLength: 1, maxLength: 12 }),
        message: fc.string({ maxLength: 12 }),
        detail: fc.option(fc.jsonValue({ maxDepth: 2 })),
      })
      .map((body) => JSON.stringify(body)),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '{"code":"ORDERPAID","message":"paid"}',
      '{"code":"SIGN_ERROR","message":"x"}',
      '',
      'null',
      '[]',
      '"x"',
      '{"code":1}',
      '<html>502 Bad Gateway</html>',
      '{',
      '\uFEFF{"code":"BOM"}',
      '{"code":"__proto__"}',
      '{"__proto__":{"code":"POLLUTED"}}',
    ),
  },
  { weight: 2, arbitrary: fc.json({ maxDepth: 2 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 32 }) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 48 }) },
);

const ok = (status: number) => status >= 200 && status < 300;

/** The answer of a case: its headers (signature headers in the order made), body and status. */
function answerOf(status: number, body: string | Uint8Array, signing: Signing) {
  const parts = signParts(signing, typeof body === 'string' ? text.encode(body) : body, NOW, client.keys);
  const headers = new Headers({ 'Content-Type': 'application/json', 'Request-ID': 'FUZZ-ANSWER' });
  for (const [name, value] of parts.headers) headers.append(name, value);
  return { response: new WechatpayResponse(status, headers, parts.body), valid: parts.valid };
}

type Case = [status: number, body: string | Uint8Array, signing: Signing];

async function run([status, body, signing]: Case) {
  const answer = answerOf(status, body, signing);
  transport.reset();
  transport.answer = () => answer.response;
  try {
    const response = await client.instance.v3.pay.transactions.id._transaction_id_.getAsync({
      transaction_id: '4200000001',
      query: { mchid: '1900000001' },
    });
    return { answer, response, error: undefined };
  } catch (error) {
    const secrets = client.secrets.withSignatures(transport.requests);
    expectCleanError(error, secrets);
    return { answer, response: undefined, error };
  }
}

describe('fuzz: APIv3 answers (target 4)', () => {
  it(
    'returns exactly the validly signed 2xx answers; every refusal is a WechatpayError',
    async () => {
      const examples: Case[] = [
        [200, '{"ok":true}', { kind: 'duplicate', other: 'same', junkFirst: false, junk: 'A' }],
        [200, '{"ok":true}', { kind: 'junk', junk: 'AAAA', at: 'end' }],
        [200, '{"ok":true}', { kind: 'duplicate', other: 'junk', junkFirst: false, junk: 'QQ==' }],
        [200, '{"ok":true}', { kind: 'base64url' }],
      ];
      await fc.assert(
        fc.asyncProperty(STATUS, BODY, signingArb, async (...args) => {
          const { answer, response, error } = await run(args);
          const [status] = args;
          if (response !== undefined) {
            if (!answer.valid) throw new Error(`an answer that is not validly signed was returned (status ${status})`);
            if (!ok(status)) throw new Error(`a ${status} answer was returned instead of an ApiError`);
            if (Buffer.compare(Buffer.from(response.body), Buffer.from(answer.response.body)) !== 0)
              throw new Error("the returned body is not the answer's");
            return;
          }
          if (answer.valid && ok(status)) throw new Error(`a validly signed ${status} answer was refused: ${String(error)}`);
          if (answer.valid && !(error instanceof ApiError && error.status === status)) {
            throw new Error(`a validly signed ${status} answer gave ${String(error)}, not an ApiError with its status`);
          }
        }),
        fuzz({ examples }),
      );
    },
    timeoutOf(),
  );

  it(
    'never takes the code of an ApiError from an answer that is not validly signed',
    async () => {
      const examples: Case[] = [
        [
          400,
          '{"code":"ORDERPAID","message":"paid already"}',
          { kind: 'missing', names: ['Wechatpay-Timestamp', 'Wechatpay-Nonce', 'Wechatpay-Signature', 'Wechatpay-Serial'] },
        ],
        [500, '{"code":"SYSTEM_ERROR"}', { kind: 'missing', names: ['Wechatpay-Signature'] }],
        [404, '{"code":"ORDER_NOT_EXIST","message":"x"}', { kind: 'duplicate', other: 'same', junkFirst: true, junk: 'A' }],
      ];
      await fc.assert(
        fc.asyncProperty(
          STATUS.filter((status) => !ok(status)),
          BODY,
          signingArb,
          async (...args) => {
            const { answer, error } = await run(args);
            const [status] = args;
            if (error instanceof ApiError && !answer.valid && error.code !== `HTTP_${status}`) {
              throw new Error(`the ApiError of an answer that is not validly signed has the code ${error.code}, not HTTP_${status}`);
            }
          },
        ),
        fuzz({ examples }),
      );
    },
    timeoutOf(),
  );
});

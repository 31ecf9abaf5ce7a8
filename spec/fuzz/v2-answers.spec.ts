import fc from 'fast-check';
import { describe, it } from 'vitest';
import { WechatpayResponse } from 'wechatpay-ts';
import { fuzzClient } from './support/client.js';
import { expectCleanError } from './support/secrets.js';
import { fuzz, timeoutOf } from './support/settings.js';
import { element, isPlainXmlText, oddName, plainName, v2Sign, v2Value, type Encoding } from './support/v2-xml.js';

// Target 5: APIv2 answers (XML). A `pay/orderquery` call on a client with the APIv2 secret returns an answer only
// when its MD5/HMAC-SHA256 sign verifies over exactly the fields it holds; every refusal is a WechatpayError.

const client = fuzzClient();
const { keys, transport } = client;

/** What is done to the document after it is written. */
type Mutation =
  | { kind: 'declaration' }
  | { kind: 'attribute' }
  | { kind: 'comment' }
  | { kind: 'whitespace' }
  | { kind: 'huge' }
  | { kind: 'odd'; name: string; value: string; signed: boolean }
  | { kind: 'doctype' }
  | { kind: 'entityUse' }
  /** The text of `out_trade_no` replaced by a raw entity or character reference that is not `T1`. */
  | { kind: 'rawEntity'; text: string }
  | { kind: 'deep'; depth: number }
  | { kind: 'duplicate'; index: number }
  | { kind: 'trailing'; text: string }
  | { kind: 'root'; name: string };

/** Mutations after which the sign may still verify; every other one must be refused. */
const KEEPS = new Set(['declaration', 'attribute', 'comment', 'whitespace', 'huge']);

interface V2Case {
  hmac: boolean;
  returnCode: 'SUCCESS' | 'FAIL' | 'missing';
  resultCode: 'SUCCESS' | 'FAIL';
  extra: Array<[string, string]>;
  encodings: Encoding[];
  sign: 'valid' | 'wrongKey' | 'otherType' | 'otherFields' | 'missing' | 'lower' | 'empty';
  mutations: Mutation[];
  status: number;
}

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constant({ kind: 'declaration' as const }),
  fc.constant({ kind: 'attribute' as const }),
  fc.constant({ kind: 'comment' as const }),
  fc.constant({ kind: 'whitespace' as const }),
  { weight: 1, arbitrary: fc.constant({ kind: 'huge' as const }) },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('odd' as const), name: oddName, value: fc.stringMatching(/^[a-z0-9]{1,8}$/), signed: fc.boolean() }),
  },
  fc.constant({ kind: 'doctype' as const }),
  fc.constant({ kind: 'entityUse' as const }),
  fc.record({
    kind: fc.constant('rawEntity' as const),
    text: fc.constantFrom('&unknown;', '&#0;', '&#x110000;', '&amp', '&#;', '&#x54;2', '&lt;T1', 'T&#x31;&#x0;'),
  }),
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('deep' as const), depth: fc.oneof(fc.integer({ min: 2, max: 60 }), fc.constantFrom(1_000, 30_000)) }),
  },
  fc.record({ kind: fc.constant('duplicate' as const), index: fc.nat() }),
  fc.record({ kind: fc.constant('trailing' as const), text: fc.constantFrom('<xml></xml>', 'x', '<a/>', '<!-- -->x') }),
  fc.record({ kind: fc.constant('root' as const), name: fc.constantFrom('XML', 'root', 'xmlx', 'x:xml') }),
);

const caseArb: fc.Arbitrary<V2Case> = fc.record({
  hmac: fc.boolean(),
  returnCode: fc.constantFrom('SUCCESS', 'SUCCESS', 'SUCCESS', 'FAIL', 'missing'),
  resultCode: fc.constantFrom('SUCCESS', 'SUCCESS', 'FAIL'),
  extra: fc.uniqueArray(fc.tuple(plainName, v2Value), { maxLength: 5, selector: ([name]) => name }),
  encodings: fc.array(fc.constantFrom<Encoding>('cdata', 'text', 'charref'), { minLength: 1, maxLength: 4 }),
  sign: fc.constantFrom('valid', 'valid', 'valid', 'valid', 'wrongKey', 'otherType', 'otherFields', 'missing', 'lower', 'empty'),
  mutations: fc.array(mutationArb, { maxLength: 2 }),
  status: fc.constantFrom(200, 200, 200, 200, 200, 500, 404, 302),
});

/** The signed fields of a case, its document, and what a verifier must do with it. */
function documentOf(c: V2Case) {
  const base: Array<[string, string]> = [
    ...(c.returnCode === 'missing' ? [] : [['return_code', c.returnCode] as [string, string]]),
    ['return_msg', 'OK'],
    ['appid', 'wxd678efh567hg6787'],
    ['mch_id', keys.mchid],
    ['nonce_str', 'b3f1f6d0c2a94e2b'],
    ['result_code', c.resultCode],
    ['out_trade_no', 'T1'],
    ['trade_state', 'SUCCESS'],
  ];
  const fields = [...base, ...c.extra.filter(([name]) => !base.some(([taken]) => taken === name))];
  for (const mutation of c.mutations) {
    if (mutation.kind === 'odd' && !fields.some(([name]) => name === mutation.name)) fields.push([mutation.name, mutation.value]);
    if (mutation.kind === 'huge') fields.push(['attach', 'x'.repeat(300 * 1024)]);
  }
  const signedFields = fields.filter(([name]) => !c.mutations.some((m) => m.kind === 'odd' && !m.signed && m.name === name));
  const record = Object.fromEntries(signedFields);
  const type = c.hmac ? 'HMAC-SHA256' : 'MD5';
  const signs: Record<V2Case['sign'], string | undefined> = {
    valid: v2Sign(record, keys.secret, type),
    wrongKey: v2Sign(record, `${keys.secret.slice(1)}x`, type),
    otherType: v2Sign(record, keys.secret, c.hmac ? 'MD5' : 'HMAC-SHA256'),
    // A value no mutation writes: `&#x54;2` reads as T2, so a sign over T2 would rightly verify such a document.
    otherFields: v2Sign({ ...record, out_trade_no: 'T3' }, keys.secret, type),
    missing: undefined,
    lower: v2Sign(record, keys.secret, type).toLowerCase(),
    empty: '',
  };
  const sign = signs[c.sign];
  const all = sign === undefined ? fields : [...fields, ['sign', sign] as [string, string]];
  let body = all.map(([name, value], index) => element(name, value, c.encodings[index % c.encodings.length] as Encoding));
  let prefix = '';
  let root = 'xml';
  let suffix = '';
  for (const mutation of c.mutations) {
    switch (mutation.kind) {
      case 'declaration':
        // Once: a second declaration is malformed XML.
        if (!prefix.startsWith('<?xml')) prefix = `<?xml version="1.0" encoding="UTF-8"?>\n${prefix}`;
        break;
      case 'attribute':
        body = body.map((text, index) => (index === 0 ? text.replace(/^<([^>]+)>/, '<$1 lang="zh">') : text));
        break;
      case 'comment':
        body.splice(1, 0, '<!-- a comment -->');
        break;
      case 'whitespace':
        body = body.map((text) => `\n  ${text}`);
        break;
      case 'doctype':
        prefix += '<!DOCTYPE xml [<!ENTITY e "T1">]>';
        break;
      case 'entityUse':
        prefix += '<!DOCTYPE xml [<!ENTITY e "T1">]>';
        body = body.map((text) => text.replace('<out_trade_no>T1</out_trade_no>', '<out_trade_no>&e;</out_trade_no>'));
        break;
      case 'rawEntity':
        body = body.map((text) => text.replace(/<out_trade_no>.*?<\/out_trade_no>/, `<out_trade_no>${mutation.text}</out_trade_no>`));
        break;
      case 'deep':
        body.push(`${'<n>'.repeat(mutation.depth)}x${'</n>'.repeat(mutation.depth)}`);
        break;
      case 'duplicate': {
        const [name] = all[mutation.index % all.length] as [string, string];
        body.push(element(name, 'FAIL', 'text'));
        break;
      }
      case 'trailing':
        suffix += mutation.text;
        break;
      case 'root':
        root = mutation.name;
        break;
    }
  }
  const document = `${prefix}<${root}>${body.join('')}</${root}>${suffix}`;
  const validlySigned =
    c.sign === 'valid' &&
    c.returnCode === 'SUCCESS' &&
    c.status >= 200 &&
    c.status < 300 &&
    c.mutations.every((m) => KEEPS.has(m.kind) || (m.kind === 'odd' && m.signed));
  const mustReturn =
    validlySigned &&
    c.resultCode === 'SUCCESS' &&
    c.status === 200 &&
    c.mutations.every((m) => m.kind === 'declaration') &&
    signedFields.every(([, value]) => isPlainXmlText(value) && value.trim() === value);
  return { document, record, validlySigned, mustReturn };
}

/** A record as compared: sorted, each value as UTF-8 carries it (a lone surrogate travels as U+FFFD, in the sign too). */
const sorted = (record: Record<string, string>) =>
  JSON.stringify(
    Object.entries(record)
      .map(([name, value]) => [name, Buffer.from(value).toString()])
      .sort(([a], [b]) => ((a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0)),
  );

describe('fuzz: APIv2 answers (target 5)', () => {
  it(
    'returns an APIv2 answer only when its sign verifies over its fields; every refusal is a WechatpayError',
    async () => {
      const plain: V2Case = {
        hmac: false,
        returnCode: 'SUCCESS',
        resultCode: 'SUCCESS',
        extra: [],
        encodings: ['cdata'],
        sign: 'valid',
        mutations: [],
        status: 200,
      };
      const examples: Array<[V2Case]> = [
        [{ ...plain, mutations: [{ kind: 'deep', depth: 30_000 }] }],
        [{ ...plain, mutations: [{ kind: 'odd', name: '__proto__', value: 'x', signed: true }] }],
        [{ ...plain, mutations: [{ kind: 'odd', name: 'constructor', value: 'x', signed: false }] }],
        [{ ...plain, mutations: [{ kind: 'odd', name: '__cdata', value: 'x', signed: true }] }],
        [{ ...plain, extra: [['detail', '<!DOCTYPE x>']] }],
        [{ ...plain, mutations: [{ kind: 'entityUse' }] }],
      ];
      await fc.assert(
        fc.asyncProperty(caseArb, async (c) => {
          const { document, record, validlySigned, mustReturn } = documentOf(c);
          transport.reset();
          transport.answer = () => new WechatpayResponse(c.status, new Headers({ 'Content-Type': 'text/xml' }), new TextEncoder().encode(document));
          let response: WechatpayResponse | undefined;
          try {
            response = await client.instance.v2.pay.orderquery.postAsync({
              xml: { appid: 'wxd678efh567hg6787', mch_id: keys.mchid, out_trade_no: 'T1', ...(c.hmac && { sign_type: 'HMAC-SHA256' }) },
            });
          } catch (error) {
            expectCleanError(error, client.secrets);
            if (mustReturn) throw new Error(`a validly signed answer was refused: ${String(error)}`);
            return;
          }
          if (!validlySigned) throw new Error('an answer whose sign does not verify over its fields was returned');
          const { sign: _, ...got } = response.xml<Record<string, string>>();
          if (sorted(got) !== sorted(record)) throw new Error(`the returned fields ${sorted(got).slice(0, 200)} are not the signed ones`);
        }),
        fuzz({ examples }),
      );
    },
    timeoutOf(),
  );
});

import { createCipheriv, createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { Notification, NotificationError, V2Notification, VerificationError } from 'wechatpay-ts';
import { handSigned } from '../support/hand-signed-callback.js';
import { NOW } from './support/client.js';
import { fuzzKeys } from './support/keys.js';
import { configSecrets, expectCleanError } from './support/secrets.js';
import { fuzz, timeoutOf } from './support/settings.js';
import { signingArb, signParts, type Signing } from './support/signatures.js';
import { element, isPlainXmlText, oddName, plainName, v2Sign, v2Value, type Encoding } from './support/v2-xml.js';

// Target 6: callbacks. `Notification.verify` returns only a validly signed callback whose resource opens with the
// APIv3 key, and `V2Notification.refund` only a refund whose sign verifies (or, unsigned, whose req_info opens with
// the APIv2 key); every refusal is a NotificationError or a VerificationError.

const keys = fuzzKeys();
const secrets = configSecrets(keys);
const notification = new Notification({ apiV3Key: keys.apiV3Key, certs: { [keys.platformSerial]: keys.platformPem }, clock: () => NOW * 1000 });

const REQUIRED = ['id', 'create_time', 'event_type', 'resource_type', 'summary'] as const;

interface CallbackCase {
  resource: unknown;
  /** Replaces the JSON plaintext of the resource. */
  plaintext: string | undefined;
  /** No `"` or `:`: handSigned spaces every `":` of the body, which would change such a nonce after encryption. */
  nonce: string;
  associatedData: string;
  /** Envelope fields replaced (`undefined` drops one); `extra` fields are harmless. */
  envelope: Record<string, unknown>;
  resourceFields: Record<string, unknown>;
  /** A whole other body, still signed. */
  raw: string | undefined;
  wrongKey: boolean;
  signing: Signing;
  headerForm: 'headers' | 'record' | 'lower' | 'joined';
  bodyForm: 'string' | 'bytes' | 'arraybuffer';
}

/** A value one case in six, else `undefined`: most cases keep the callback intact but for their signing. */
function rarely<T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });
}

const envelopeChange = fc.oneof(
  fc.record({ field: fc.constantFrom(...REQUIRED, 'resource'), value: fc.constantFrom<unknown>(undefined, null, 5, true, [], {}, 'x') }),
  fc.record({ field: fc.constantFrom('extra', '__proto__', 'constructor', 'original_type'), value: fc.jsonValue({ maxDepth: 1 }) }),
);
const resourceChange = fc.record({
  field: fc.constantFrom('algorithm', 'ciphertext', 'nonce', 'associated_data'),
  value: fc.constantFrom<unknown>(undefined, null, 1, '', 'AEAD_AES_128_GCM', 'aead_aes_256_gcm', 'AAAA', 'transaction '),
});

const callbackArb: fc.Arbitrary<CallbackCase> = fc.record({
  resource: fc.oneof(
    { weight: 6, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) },
  ),
  plaintext: rarely(fc.constantFrom('', 'not json', '{', '[1]', '"x"', 'null', '\uFEFF{}')),
  nonce: fc.oneof(
    { weight: 6, arbitrary: fc.stringMatching(/^[A-Za-z0-9]{12}$/) },
    { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 20 }).filter((nonce) => !/[":]/.test(nonce)) },
  ),
  associatedData: fc.constantFrom('transaction', 'certificate', '', 'refund'),
  envelope: rarely(envelopeChange).map((change) => (change ? { [change.field]: change.value } : {})),
  resourceFields: rarely(resourceChange).map((change) => (change ? { [change.field]: change.value } : {})),
  raw: rarely(
    fc.oneof(fc.json({ maxDepth: 2 }), fc.string({ unit: 'binary', maxLength: 30 }), fc.constantFrom('', '{}', '[]', 'null', '{"resource":{}}')),
  ),
  wrongKey: rarely(fc.constant(true)).map((value) => value === true),
  signing: signingArb,
  headerForm: fc.constantFrom('headers', 'record', 'lower', 'joined'),
  bodyForm: fc.constantFrom('string', 'bytes', 'arraybuffer'),
});

/** What a case sends and what a verifier must make of it. */
function callbackOf(c: CallbackCase) {
  const envelope = c.envelope;
  const made = handSigned({
    privateKey: keys.platformKey,
    serial: keys.platformSerial,
    apiV3Key: c.wrongKey ? `${keys.apiV3Key.slice(1)}x` : keys.apiV3Key,
    // The plaintext always given: handSigned would put a sample resource in place of a null one.
    plaintext: c.plaintext ?? JSON.stringify(c.resource),
    nonce: c.nonce,
    associatedData: c.associatedData,
    resourceFields: c.resourceFields,
    envelope,
    ...(c.raw !== undefined && { body: c.raw }),
  });
  const bytes = Buffer.from(made.body, 'utf8');
  const parts = signParts(c.signing, bytes, NOW, keys);
  const pairs: Array<[string, string]> = [
    ['Request-ID', 'FUZZ-CALLBACK'],
    ['Wechatpay-Signature-Type', 'WECHATPAY2-SHA256-RSA2048'],
    ...parts.headers,
  ];
  let headers: Headers | Record<string, string | string[]>;
  if (c.headerForm === 'headers') {
    headers = new Headers();
    for (const [name, value] of pairs) headers.append(name, value);
  } else {
    const record: Record<string, string | string[]> = {};
    for (const [given, value] of pairs) {
      const name = c.headerForm === 'lower' ? given.toLowerCase() : given;
      const before = record[name];
      record[name] =
        before === undefined ? value : c.headerForm === 'joined' ? `${before}, ${value}` : [...(Array.isArray(before) ? before : [before]), value];
    }
    headers = record;
  }
  const sentBody = parts.body;
  const body =
    c.bodyForm === 'string'
      ? Buffer.from(sentBody).toString('utf8')
      : c.bodyForm === 'bytes'
        ? new Uint8Array(sentBody)
        : new Uint8Array(sentBody).buffer;
  // A replaced resource field breaks decryption unless it is what was there (a missing associated_data reads as '').
  const kept = { algorithm: 'AEAD_AES_256_GCM', nonce: c.nonce, associated_data: c.associatedData } as Record<string, unknown>;
  const unchanged = Object.entries(c.resourceFields).every(
    ([field, value]) => field in kept && (field === 'associated_data' && value === undefined ? '' : value) === kept[field],
  );
  const cryptoIntact = !c.wrongKey && unchanged && c.raw === undefined;
  // A required envelope field may be replaced by another string; any replaced resource lacks the encrypted one.
  const envelopeIntact = REQUIRED.every((field) => !(field in envelope) || typeof envelope[field] === 'string') && !('resource' in envelope);
  const resourceIsObject = c.resource !== null && typeof c.resource === 'object' && !Array.isArray(c.resource) && c.plaintext === undefined;
  const mayReturn = parts.valid && cryptoIntact && envelopeIntact && resourceIsObject;
  // A body sent as a string must survive the round trip through UTF-8 for the signature to hold.
  const mustReturn = mayReturn && c.nonce.length === 12 && Buffer.from(made.body, 'utf8').toString('utf8') === made.body;
  return { incoming: { body, headers }, mayReturn, mustReturn };
}

interface RefundCase {
  refund: Array<[string, string]>;
  reqInfo: 'good' | 'wrongKey' | 'flipped' | 'garbage' | 'notXml' | 'deep' | 'odd';
  odd: string;
  depth: number;
  sign: 'valid' | 'missing' | 'wrong';
  signType: 'MD5' | 'HMAC-SHA256' | undefined;
  requireSign: boolean;
  mchid: 'same' | 'other' | 'unset';
  returnCode: 'SUCCESS' | 'FAIL';
  encoding: Encoding;
  doctype: boolean;
}

const refundArb: fc.Arbitrary<RefundCase> = fc.record({
  refund: fc.uniqueArray(fc.tuple(plainName, v2Value), { minLength: 1, maxLength: 5, selector: ([name]) => name }),
  reqInfo: fc.constantFrom('good', 'good', 'good', 'wrongKey', 'flipped', 'garbage', 'notXml', 'deep', 'odd'),
  odd: oddName,
  depth: fc.oneof(fc.integer({ min: 2, max: 50 }), fc.constantFrom(1_000, 30_000)),
  sign: fc.constantFrom('valid', 'valid', 'missing', 'wrong'),
  signType: fc.constantFrom('MD5', 'HMAC-SHA256', undefined),
  requireSign: fc.boolean(),
  mchid: fc.constantFrom('same', 'other', 'unset'),
  returnCode: fc.constantFrom('SUCCESS', 'SUCCESS', 'FAIL'),
  encoding: fc.constantFrom<Encoding>('cdata', 'text', 'charref'),
  doctype: rarely(fc.constant(true)).map((value) => value === true),
});

/** req_info as WeChat Pay makes it, with node:crypto alone: AES-256-ECB under the lowercase MD5 hex of the key. */
function ecb(plaintext: string, secret: string): string {
  const cipher = createCipheriv('aes-256-ecb', Buffer.from(createHash('md5').update(secret).digest('hex'), 'ascii'), null);
  return Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64');
}

function refundOf(c: RefundCase) {
  const inner = c.refund.map(([name, value]) => element(name, value, c.encoding)).join('');
  const plaintexts: Record<RefundCase['reqInfo'], string> = {
    good: `<root>${inner}</root>`,
    wrongKey: `<root>${inner}</root>`,
    flipped: `<root>${inner}</root>`,
    garbage: '',
    notXml: 'refund_status=SUCCESS',
    deep: `<root>${inner}${'<n>'.repeat(c.depth)}x${'</n>'.repeat(c.depth)}</root>`,
    odd: `<root>${inner}<${c.odd}>x</${c.odd}></root>`,
  };
  let reqInfo =
    c.reqInfo === 'garbage'
      ? 'Z2FyYmFnZSBnYXJiYWdlIQ=='
      : ecb(plaintexts[c.reqInfo], c.reqInfo === 'wrongKey' ? `${keys.secret.slice(1)}x` : keys.secret);
  if (c.reqInfo === 'flipped') reqInfo = `${reqInfo.slice(0, 3)}${reqInfo[3] === 'A' ? 'B' : 'A'}${reqInfo.slice(4)}`;
  const payload: Record<string, string> = {
    return_code: c.returnCode,
    appid: 'wxd930ea5d5a258f4f',
    mch_id: keys.mchid,
    nonce_str: 'TeqClE3i0mvn3DrK',
    ...(c.signType && { sign_type: c.signType }),
    req_info: reqInfo,
  };
  const type = c.signType === 'HMAC-SHA256' ? 'HMAC-SHA256' : 'MD5';
  const sign =
    c.sign === 'valid'
      ? v2Sign(payload, keys.secret, type)
      : c.sign === 'wrong'
        ? v2Sign({ ...payload, nonce_str: 'other' }, keys.secret, type)
        : undefined;
  const all = sign === undefined ? payload : { ...payload, sign };
  const body = `${c.doctype ? '<!DOCTYPE xml>' : ''}<xml>${Object.entries(all)
    .map(([name, value]) => element(name, value, 'cdata'))
    .join('')}</xml>`;
  const signOk = c.sign === 'valid' || (c.sign === 'missing' && !c.requireSign);
  const outerOk = c.returnCode === 'SUCCESS' && c.mchid !== 'other' && !c.doctype;
  const mayReturn = signOk && outerOk && (c.reqInfo === 'good' || c.reqInfo === 'flipped' || c.reqInfo === 'odd');
  const mustReturn = signOk && outerOk && c.reqInfo === 'good' && c.refund.every(([, value]) => isPlainXmlText(value) && value.trim() === value);
  const options = {
    secret: keys.secret,
    requireSign: c.requireSign,
    ...(c.mchid !== 'unset' && { mchid: c.mchid === 'same' ? keys.mchid : '1900000002' }),
  };
  return { body, options, mayReturn, mustReturn, expected: c.reqInfo === 'good' ? Object.fromEntries(c.refund) : undefined };
}

/** A record as compared: sorted, each value as XML reads it (line ends normalised to LF, as XML 1.0 requires) and as UTF-8 carries it. */
const sorted = (record: Readonly<Record<string, string | undefined>>) =>
  JSON.stringify(
    Object.entries(record)
      .map(([name, value]) => [name, Buffer.from((value ?? '').replace(/\r\n?/g, '\n')).toString()])
      .sort(([a], [b]) => ((a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0)),
  );

describe('fuzz: callbacks (target 6)', () => {
  it(
    'Notification.verify returns only validly signed callbacks it can open; refusals are NotificationError or VerificationError',
    () => {
      const good: CallbackCase = {
        resource: { out_trade_no: 'T1' },
        plaintext: undefined,
        nonce: 'fdasflkja484',
        associatedData: 'transaction',
        envelope: {},
        resourceFields: {},
        raw: undefined,
        wrongKey: false,
        signing: { kind: 'signed', skew: 0 },
        headerForm: 'headers',
        bodyForm: 'string',
      };
      const examples: Array<[CallbackCase]> = [
        [{ ...good, signing: { kind: 'duplicate', other: 'same', junkFirst: false, junk: 'A' } }],
        [{ ...good, signing: { kind: 'duplicate', other: 'same', junkFirst: false, junk: 'A' }, headerForm: 'record' }],
        [{ ...good, signing: { kind: 'junk', junk: 'AAAA', at: 'end' } }],
      ];
      fc.assert(
        fc.property(callbackArb, (c) => {
          const { incoming, mayReturn, mustReturn } = callbackOf(c);
          let event: { resource: unknown } | undefined;
          try {
            event = notification.verify(incoming as never) as { resource: unknown };
          } catch (error) {
            expectCleanError(error, secrets);
            if (!(error instanceof NotificationError || error instanceof VerificationError))
              throw new Error(`expected a NotificationError or VerificationError, got ${error.name}`);
            if (mustReturn) throw new Error(`a valid callback was refused: ${error.message}`);
            return;
          }
          if (!mayReturn) throw new Error('a callback that is not validly signed, or cannot be opened with the APIv3 key, was returned');
          if (JSON.stringify(event.resource) !== JSON.stringify(JSON.parse(JSON.stringify(c.resource))))
            throw new Error('the returned resource is not the one encrypted');
        }),
        fuzz({ examples }),
      );
    },
    timeoutOf(),
  );

  it(
    'V2Notification.refund returns only refunds whose sign verifies or whose req_info opens; refusals are WechatpayErrors',
    () => {
      const good: RefundCase = {
        refund: [['refund_status', 'SUCCESS']],
        reqInfo: 'good',
        odd: '__proto__',
        depth: 30_000,
        sign: 'valid',
        signType: undefined,
        requireSign: false,
        mchid: 'same',
        returnCode: 'SUCCESS',
        encoding: 'cdata',
        doctype: false,
      };
      const examples: Array<[RefundCase]> = [
        [{ ...good, reqInfo: 'deep' }],
        [{ ...good, reqInfo: 'odd', odd: 'constructor' }],
        [{ ...good, reqInfo: 'odd', odd: '__cdata' }],
      ];
      fc.assert(
        fc.property(refundArb, (c) => {
          const { body, options, mayReturn, mustReturn, expected } = refundOf(c);
          let read: ReturnType<typeof V2Notification.refund> | undefined;
          try {
            read = V2Notification.refund(body, options);
          } catch (error) {
            expectCleanError(error, secrets);
            if (!(error instanceof NotificationError || error instanceof VerificationError))
              throw new Error(`expected a NotificationError or VerificationError, got ${error.name}`);
            if (mustReturn) throw new Error(`a valid refund notification was refused: ${error.message}`);
            return;
          }
          if (!mayReturn) throw new Error('a refund notification that must be refused was returned');
          if (expected && sorted(read.refund) !== sorted(expected)) throw new Error(`the refund ${sorted(read.refund)} is not the one encrypted`);
        }),
        fuzz({ examples }),
      );
    },
    timeoutOf(),
  );
});

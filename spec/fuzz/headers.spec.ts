import fc from 'fast-check';
import { describe, it } from 'vitest';
import { Builder, ConfigError, ParameterError } from 'wechatpay-ts';
import { NOW } from './support/client.js';
import { fuzzKeys } from './support/keys.js';
import { configSecrets, expectCleanError } from './support/secrets.js';
import { fuzz, timeoutOf } from './support/settings.js';
import { ScriptedTransport } from './support/transport.js';

// Headers given by the caller, in the client's configuration (`headers`) or in a call's options: each is sent as
// given, or refused with a ConfigError (configuration) or a ParameterError (call) before anything is sent; never a
// TypeError from `Headers.set`.

const keys = fuzzKeys();
const secrets = configSecrets(keys);
const transport = new ScriptedTransport(keys, NOW);

const name = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,15}$/) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'X-Trace',
      'Accept',
      'User-Agent',
      'Wechatpay-Serial',
      'Accept-Language',
      'x-request-id',
      '',
      ' X',
      'X A',
      'X:A',
      'X\r\nY',
      'Ä',
      '中',
      'X\u0000',
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
);
const value = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 16 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom('a\r\nb', 'a\nInjected: 1', 'a\rb', 'a\u0000b', ' padded\t', '\r\n', 'zh-CN', '中文', 'é', 'ÿ', '\u0100', ''),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
);
const headersArb = fc.array(fc.tuple(name, value), { maxLength: 4 });

/** HTTP whitespace around a value is not part of it (the Fetch standard strips it). */
const normalised = (text: string) => text.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');

/** The value each header should arrive with: names compare without case, the last one given wins. */
function expected(pairs: Array<[string, string]>): Map<string, string> {
  const last = new Map<string, string>();
  for (const [header, text] of pairs) last.set(header.toLowerCase(), normalised(text));
  return last;
}

describe('fuzz: caller headers', () => {
  it(
    'configured and per-call headers are sent as given, or refused with a ConfigError or ParameterError',
    async () => {
      const examples: Array<[Array<[string, string]>, Array<[string, string]>]> = [
        [[['X-Trace', 'a\r\nb']], []],
        [[['X A', 'v']], []],
        [[], [['X-Trace', 'a\r\nInjected: 1']]],
      ];
      await fc.assert(
        fc.asyncProperty(headersArb, headersArb, async (configured, perCall) => {
          transport.reset();
          let instance: ReturnType<typeof Builder.factory<'untyped'>>;
          try {
            instance = Builder.factory<'untyped'>({
              mchid: keys.mchid,
              serial: keys.merchantSerial,
              privateKey: keys.merchantPem,
              certs: { [keys.platformSerial]: keys.platformPem },
              transport,
              clock: () => NOW * 1000,
              headers: Object.fromEntries(configured),
            });
          } catch (error) {
            expectCleanError(error, secrets);
            if (!(error instanceof ConfigError)) throw new Error(`expected a ConfigError, got ${error.name}: ${error.message}`);
            return;
          }
          try {
            await instance.v3.pay.transactions.getAsync({ headers: Object.fromEntries(perCall) });
          } catch (error) {
            expectCleanError(error, secrets.withSignatures(transport.requests));
            if (!(error instanceof ParameterError)) throw new Error(`expected a ParameterError, got ${error.name}: ${error.message}`);
            if (transport.requests.length > 0) throw new Error('a request was sent before its headers were refused');
            return;
          }
          const [request] = transport.requests;
          if (request === undefined) throw new Error('nothing was sent');
          for (const [header, text] of expected([...configured, ...perCall])) {
            if (header === 'authorization') continue;
            const got = request.headers.get(header);
            if (got !== text) throw new Error(`the header ${header} was sent as ${JSON.stringify(got)}, not ${JSON.stringify(text)}`);
          }
        }),
        fuzz({ weight: 0.5, examples }),
      );
    },
    timeoutOf(0.5),
  );
});

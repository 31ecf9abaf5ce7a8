import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as api from 'wechatpay-ts';
import { ERROR_CODES, WechatpayError } from 'wechatpay-ts';

const ROOT = new URL('../../', import.meta.url);
const guide = readFileSync(new URL('docs/guide/errors.md', ROOT), 'utf8');
const all = Object.values(ERROR_CODES).flat();

/** The rows of the guide's "Every code" table: code, class, reason. */
function codeTable(): Array<[code: string, className: string, reason: string]> {
  const section = guide.slice(guide.indexOf('## Every code'), guide.indexOf('\n## ', guide.indexOf('## Every code') + 1));
  return [...section.matchAll(/^\| `(ERR_[A-Z0-9_]+)` \| `(\w+)` \| (?:`'([a-z0-9_]+)'`)? *\|/gm)].map((match) => [
    match[1] as string,
    match[2] as string,
    match[3] ?? '',
  ]);
}

/** The library's source files. */
function sources(dir = new URL('lib/', ROOT).pathname): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? entry.name === 'generated'
        ? []
        : sources(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

describe('the errors guide lists every code the library can produce', () => {
  it("each code of ERROR_CODES has its row in the guide's table, under its class and reason", () => {
    const rows = new Map(codeTable().map(([code, className, reason]) => [code, { className, reason }]));
    for (const [className, codes] of Object.entries(ERROR_CODES)) {
      for (const code of codes) {
        const prefix = `ERR_${className.replace(/Error$/, '').toUpperCase()}_`;
        const reason = code.startsWith(prefix) ? code.slice(prefix.length).toLowerCase() : '';
        expect({ code, ...rows.get(code) }).toEqual({ code, className, reason });
      }
    }
  });

  it('the guide names no code the library cannot produce', () => {
    const named = [...new Set(guide.match(/\bERR_[A-Z0-9_]+/g))];
    expect(named.filter((code) => !all.includes(code))).toEqual([]);
    expect(
      codeTable()
        .map(([code]) => code)
        .sort(),
    ).toEqual([...all].sort());
  });

  it("every exported error class is in ERROR_CODES and in the guide's class table", () => {
    const classes = Object.entries(api)
      .filter(([, value]) => typeof value === 'function' && (value === WechatpayError || value.prototype instanceof WechatpayError))
      .map(([name]) => name);
    // ApiError's codes are WeChat Pay's own; WechatpayError is the base.
    expect(classes.filter((name) => name !== 'ApiError' && name !== 'WechatpayError').sort()).toEqual(Object.keys(ERROR_CODES).sort());
    for (const name of classes) expect(guide).toMatch(new RegExp(`^\\| \`${name}\` \\|`, 'm'));
  });

  it('every code written as a literal in the library is listed (codes of node itself aside)', () => {
    const fromNode = new Set([
      'ERR_OSSL_BAD_DECRYPT',
      'ERR_WORKER_INVALID_EXEC_ARGV',
      // TLS failures of node and OpenSSL that the transport classifies as a connection that was never set up.
      'ERR_TLS_CERT_ALTNAME_INVALID',
      'ERR_TLS_HANDSHAKE_TIMEOUT',
      'ERR_SSL_WRONG_VERSION_NUMBER',
      'ERR_SSL_UNSUPPORTED_PROTOCOL',
      'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
      'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE',
    ]);
    const literals = new Set(
      sources().flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/'(ERR_[A-Z0-9_]+)'/g)].map((match) => match[1] as string)),
    );
    // A literal ending in `_` is a class's prefix (`ERR_BILL_`), which its reasons complete.
    const listed = (code: string) => (code.endsWith('_') ? all.some((known) => known.startsWith(code)) : all.includes(code));
    expect([...literals].filter((code) => !fromNode.has(code) && !listed(code))).toEqual([]);
    // And the check can see: the two codes the library writes as literals are found.
    expect([...literals]).toEqual(expect.arrayContaining(['ERR_CONFIG', 'ERR_ASYNC_MIDDLEWARE']));
  });

  it('every class builds its code from its reason, as ERROR_CODES says', () => {
    const made: Record<string, (reason: string) => WechatpayError> = {
      VerificationError: (reason) => new api.VerificationError(reason as never, 'x'),
      TransportError: (reason) => new api.TransportError(reason as never, 'x'),
      CryptoError: (reason) => new api.CryptoError(reason as never, 'x'),
      NotificationError: (reason) => new api.NotificationError(reason as never, 'x'),
      DownloadError: (reason) => new api.DownloadError(reason as never, 'x'),
      BillError: (reason) => new api.BillError(reason as never, 0, 'x'),
      CertificateError: (reason) => new api.CertificateError(reason as never, 'x'),
    };
    for (const [code, className, reason] of codeTable()) {
      if (!reason) continue;
      const error = made[className]?.(reason);
      expect({ code: error?.code, reason: (error as { reason?: string } | undefined)?.reason }).toEqual({ code, reason });
    }
  });
});

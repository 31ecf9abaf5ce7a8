import { sign, type KeyObject } from 'node:crypto';

/**
 * A self-signed X.509 certificate for a key pair of any type and size, built in DER by hand so that a test can
 * make one for a key no committed fixture holds (a 1024-bit RSA key, an EC or Ed25519 key) without openssl.
 */
export function selfSigned(
  serial: string,
  pair: { privateKey: KeyObject; publicKey: KeyObject },
  validity = { from: '200101000000Z', to: '491231235959Z' },
): string {
  const type = pair.publicKey.asymmetricKeyType;
  // sha256WithRSAEncryption (with its NULL parameters), ecdsa-with-SHA256, Ed25519.
  const algorithm =
    type === 'rsa' ? seq(oid('1.2.840.113549.1.1.11'), der(0x05)) : type === 'ec' ? seq(oid('1.2.840.10045.4.3.2')) : seq(oid('1.3.101.112'));
  const name = seq(der(0x31, seq(oid('2.5.4.3'), der(0x0c, Buffer.from('Test Platform Certificate')))));
  const tbs = seq(
    der(0xa0, der(0x02, Buffer.from([2]))),
    integer(serial),
    algorithm,
    name,
    seq(der(0x17, Buffer.from(validity.from)), der(0x17, Buffer.from(validity.to))),
    name,
    pair.publicKey.export({ type: 'spki', format: 'der' }),
  );
  const signature = sign(type === 'ed25519' ? null : 'sha256', tbs, pair.privateKey);
  const body = seq(tbs, algorithm, der(0x03, Buffer.concat([Buffer.from([0]), signature]))).toString('base64');
  return `-----BEGIN CERTIFICATE-----\n${body.replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
}

function der(tag: number, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
}

function length(size: number): Buffer {
  if (size < 0x80) return Buffer.from([size]);
  const bytes: number[] = [];
  for (let rest = size; rest > 0; rest >>= 8) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function seq(...parts: Buffer[]): Buffer {
  return der(0x30, ...parts);
}

function oid(dotted: string): Buffer {
  const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [first * 40 + second];
  for (const arc of rest) {
    const group = [arc & 0x7f];
    for (let high = arc >> 7; high > 0; high >>= 7) group.unshift(0x80 | (high & 0x7f));
    bytes.push(...group);
  }
  return der(0x06, Buffer.from(bytes));
}

/** A positive INTEGER from hex (a leading zero byte when the top bit is set). */
function integer(hex: string): Buffer {
  const bytes = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
  return der(0x02, (bytes[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}

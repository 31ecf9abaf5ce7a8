import { execFileSync } from 'node:child_process';
import { constants, createPrivateKey, generateKeyPairSync, privateDecrypt, publicEncrypt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CryptoError, ParameterError, Rsa, type RsaPadding } from 'wechatpay-ts';
import { fixture, fixtureUrl } from '../support/fixtures.js';
import { thrown } from '../support/failures.js';
import { sourceBuild } from '../support/source-build.js';

const privateKey = Rsa.from(fixtureUrl('merchant-key.pem'), 'private');
const publicKey = Rsa.from(fixtureUrl('merchant-pub.pem'), 'public');
const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 });

describe('Rsa.sign: SHA256withRSA in base64, as openssl dgst -sha256 -sign makes it', () => {
  it('signs the signer fixture message', () => {
    expect(Rsa.sign(fixture('signing-message.txt'), privateKey)).toBe(fixture('signing-message.sig'));
  });

  it('signs text as UTF-8', () => {
    expect(Rsa.sign(fixture('sign-utf8.txt'), privateKey)).toBe(fixture('sign-utf8.sig'));
  });

  it('signs bytes as given', () => {
    expect(Rsa.sign(Buffer.from(fixture('sign-utf8.txt'), 'utf8'), privateKey)).toBe(fixture('sign-utf8.sig'));
  });

  it('takes the key in any form Rsa.from takes', () => {
    expect(Rsa.sign(fixture('signing-message.txt'), `private.pkcs1://${fixture('merchant-key-pkcs1.b64')}`)).toBe(fixture('signing-message.sig'));
  });
});

describe('Rsa.verify', () => {
  const message = fixture('sign-utf8.txt');
  const signature = fixture('sign-utf8.sig');

  it.each([
    ['the public key', publicKey],
    ['the merchant certificate', fixture('merchant-cert.pem')],
    ['a public.spki:// string', `public.spki://${fixture('merchant-pub-spki.b64')}`],
    ['the private key (its public half)', privateKey],
  ])("accepts openssl's signature with %s", (_, key) => {
    expect(Rsa.verify(message, signature, key)).toBe(true);
  });

  it('rejects a changed message, a changed signature, a malformed one and another key', () => {
    const changed = Buffer.from(signature, 'base64');
    changed[10] = (changed[10] ?? 0) ^ 1;
    expect(Rsa.verify(message.replace('1554208460', '1554208461'), signature, publicKey)).toBe(false);
    expect(Rsa.verify(message, changed.toString('base64'), publicKey)).toBe(false);
    expect(Rsa.verify(message, signature.slice(0, 100), publicKey)).toBe(false);
    expect(Rsa.verify(message, 'not base64 at all!', publicKey)).toBe(false);
    expect(Rsa.verify(message, signature, otherKey.publicKey)).toBe(false);
  });
});

describe('Rsa.encrypt and Rsa.decrypt with RSA-OAEP (SHA-1, MGF1-SHA-1)', () => {
  const plaintext = fixture('rsa-plaintext.txt');

  it('decrypts what openssl pkeyutl encrypted', () => {
    expect(Rsa.decrypt(fixture('rsa-oaep.b64'), privateKey)).toBe(plaintext);
  });

  it('encrypts so that node:crypto decrypts with OAEP SHA-1, each time differently', () => {
    const first = Rsa.encrypt(plaintext, publicKey);
    const second = Rsa.encrypt(plaintext, fixture('merchant-cert.pem'));
    expect(first).not.toBe(second);
    for (const ciphertext of [first, second]) {
      expect(Buffer.from(ciphertext, 'base64')).toHaveLength(256);
      const opened = privateDecrypt(
        { key: createPrivateKey(fixture('merchant-key.pem')), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
        Buffer.from(ciphertext, 'base64'),
      );
      expect(opened.toString('utf8')).toBe(plaintext);
    }
  });

  it('round-trips', () => {
    expect(Rsa.decrypt(Rsa.encrypt('330102199001011234', publicKey, { padding: 'oaep' }), privateKey, { padding: 'oaep' })).toBe(
      '330102199001011234',
    );
  });

  it('does not take OAEP with SHA-256 for SHA-1', () => {
    const sha256 = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, Buffer.from(plaintext)).toString(
      'base64',
    );
    expect(() => Rsa.decrypt(sha256, privateKey)).toThrow(CryptoError);
  });

  it('a wrong key or a changed ciphertext is a CryptoError that shows no plaintext', () => {
    const changed = Buffer.from(fixture('rsa-oaep.b64'), 'base64');
    changed[0] = (changed[0] ?? 0) ^ 0x80;
    for (const run of [() => Rsa.decrypt(fixture('rsa-oaep.b64'), otherKey.privateKey), () => Rsa.decrypt(changed.toString('base64'), privateKey)]) {
      const error = thrown(run);
      expect(error).toBeInstanceOf(CryptoError);
      expect(error).toMatchObject({
        name: 'CryptoError',
        code: 'ERR_CRYPTO_DECRYPT',
        reason: 'decrypt',
        message: 'RSA-OAEP: decryption failed (wrong private key or changed ciphertext)',
      });
      expect((error.cause as Error).message).toMatch(/^crypto: ERR_OSSL_[A-Z0-9_]+$/);
    }
  });

  it.each<[RsaPadding, number]>([
    ['oaep', 214],
    ['pkcs1', 245],
  ])('with %s, a 2048-bit key takes %i bytes and no more', (padding, limit) => {
    const fits = '数'.repeat(Math.floor(limit / 3)) + 'x'.repeat(limit % 3);
    expect(Buffer.byteLength(fits)).toBe(limit);
    expect(Buffer.from(Rsa.encrypt(fits, publicKey, { padding }), 'base64')).toHaveLength(256);
    const error = thrown(() => Rsa.encrypt(`${fits}x`, publicKey, { padding }));
    expect(error).toMatchObject({
      name: 'CryptoError',
      code: 'ERR_CRYPTO_ENCRYPT',
      message: `RSA ${padding}: the plaintext is ${limit + 1} bytes, this key takes at most ${limit}`,
    });
    expect(error.message).not.toContain('数');
  });

  it('an unknown padding is a ParameterError', () => {
    for (const run of [
      () => Rsa.encrypt('x', publicKey, { padding: 'none' as RsaPadding }),
      () => Rsa.decrypt('eA==', privateKey, { padding: 'none' as RsaPadding }),
    ]) {
      expect(thrown(run)).toMatchObject({ name: 'ParameterError', field: 'padding', message: "padding: must be 'oaep' or 'pkcs1'" });
      expect(thrown(run)).toBeInstanceOf(ParameterError);
    }
  });
});

describe('RSA PKCS#1 v1.5 encryption, only on request', () => {
  const plaintext = fixture('rsa-plaintext.txt');

  it('encrypts to an EME-PKCS1-v1_5 block: 00 02, at least 8 non-zero random bytes, 00, the message', () => {
    const ciphertext = Rsa.encrypt(plaintext, publicKey, { padding: 'pkcs1' });
    // Raw RSA (no padding) is not restricted, so the block can be read and checked by hand.
    const block = privateDecrypt(
      { key: createPrivateKey(fixture('merchant-key.pem')), padding: constants.RSA_NO_PADDING },
      Buffer.from(ciphertext, 'base64'),
    );
    const message = Buffer.from(plaintext, 'utf8');
    const separator = block.length - message.length - 1;
    expect(block).toHaveLength(256);
    expect([...block.subarray(0, 2)]).toEqual([0x00, 0x02]);
    expect(block.subarray(2, separator).includes(0)).toBe(false);
    expect(separator - 2).toBeGreaterThanOrEqual(8);
    expect(block[separator]).toBe(0);
    expect(block.subarray(separator + 1).equals(message)).toBe(true);
  });

  it('decrypts where the runtime allows it, and says so where it refuses (CVE-2023-46809)', () => {
    const ciphertext = fixture('rsa-pkcs1.b64');
    // Ask node:crypto directly whether this runtime decrypts PKCS#1 v1.5 at all.
    let refused = false;
    try {
      privateDecrypt({ key: createPrivateKey(fixture('merchant-key.pem')), padding: constants.RSA_PKCS1_PADDING }, Buffer.from(ciphertext, 'base64'));
    } catch {
      refused = true;
    }
    if (!refused) {
      expect(Rsa.decrypt(ciphertext, privateKey, { padding: 'pkcs1' })).toBe(plaintext);
      return;
    }
    const error = thrown(() => Rsa.decrypt(ciphertext, privateKey, { padding: 'pkcs1' }));
    expect(error).toBeInstanceOf(CryptoError);
    expect(error).toMatchObject({
      name: 'CryptoError',
      code: 'ERR_CRYPTO_PKCS1_REFUSED',
      reason: 'pkcs1_refused',
      message:
        'RSA PKCS#1 v1.5 decryption is refused by this Node.js runtime (CVE-2023-46809, the Marvin attack); use OAEP, or start node with --security-revert=CVE-2023-46809 if an API leaves no choice',
    });
    // The way out the message names works: the same call in a runtime started with the revert flag.
    const script = `
      import { Rsa } from 'wechatpay-ts';
      const plaintext = Rsa.decrypt(${JSON.stringify(ciphertext)}, new URL(${JSON.stringify(fixtureUrl('merchant-key.pem'))}), { padding: 'pkcs1' });
      console.log(JSON.stringify({ plaintext }));`;
    // Run where `wechatpay-ts` is the source build of lib/.
    const out = execFileSync(process.execPath, ['--security-revert=CVE-2023-46809', '--input-type=module', '-e', script], {
      cwd: sourceBuild(),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    // Node prints its security warning on standard output too: the answer is the last line.
    expect(JSON.parse(out.trim().split('\n').pop() ?? '')).toEqual({ plaintext });
  });
});

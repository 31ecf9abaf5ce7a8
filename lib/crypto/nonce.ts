import { randomFillSync } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * Random bytes drawn ahead, each used once (as `crypto.randomUUID` does): one `randomFillSync` per ~60 nonces
 * instead of one per nonce, which was a visible part of a call's CPU.
 */
const POOL = Buffer.alloc(2048);
let position = POOL.length;

function randomByte(): number {
  if (position === POOL.length) {
    randomFillSync(POOL);
    position = 0;
  }
  return POOL[position++] as number;
}

const CODES = Buffer.from(ALPHABET, 'latin1');
/** The characters of one nonce, written as bytes and read as one string. */
const SCRATCH = Buffer.alloc(64);

/** A random base62 string (default 32 characters) from `crypto.randomFillSync`, without modulo bias. */
export function nonce(length = 32): string {
  const out = length <= SCRATCH.length ? SCRATCH : Buffer.alloc(Math.ceil(length));
  let written = 0;
  while (written < length) {
    const byte = randomByte();
    // 248 = 62 * 4: bytes above it would favour the first characters
    if (byte < 248) out[written++] = CODES[byte % 62] as number;
  }
  return out.toString('latin1', 0, written);
}

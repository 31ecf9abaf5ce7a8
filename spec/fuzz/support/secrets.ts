import { inspect } from 'node:util';
import { WechatpayError } from 'wechatpay-ts';
import type { FuzzKeys } from './keys.js';

/** A long run of base64 (or base64url) characters, where a key or signature could hide. */
const BASE64_RUN = /[A-Za-z0-9+/=_-]{40,}/g;
const WINDOW = 40;

/**
 * What must never show in an error: whole secrets, and for long base64 ones (the private key, signatures) every
 * 40-character slice, so that a key cut into a message is caught too.
 */
export class Secrets {
  readonly #whole = new Set<string>();
  readonly #slices = new Set<string>();

  /** A secret caught only whole (an APIv3 key, a download token). */
  add(...secrets: string[]): this {
    for (const secret of secrets) if (secret.length >= 8) this.#whole.add(secret);
    return this;
  }

  /** A base64 secret: caught whole or as any 40-character slice of it. */
  addBase64(secret: string): this {
    const text = secret.replace(/\s+/g, '');
    if (text.length < 8) return this;
    this.#whole.add(text);
    for (let at = 0; at + WINDOW <= text.length; at += 1) this.#slices.add(text.slice(at, at + WINDOW));
    return this;
  }

  /** A copy to which a call's own secrets (its Authorization signature, its token) can be added. */
  with(more: (secrets: Secrets) => void): Secrets {
    const copy = new Secrets();
    for (const secret of this.#whole) copy.#whole.add(secret);
    for (const slice of this.#slices) copy.#slices.add(slice);
    more(copy);
    return copy;
  }

  /** A copy holding also the Authorization signatures of the requests a call sent. */
  withSignatures(requests: ReadonlyArray<{ headers: Headers }>): Secrets {
    return this.with((more) => {
      for (const request of requests) more.addBase64(authorizationSignature(request.headers) ?? '');
    });
  }

  /** The first secret found in `text`, or undefined. */
  find(text: string): string | undefined {
    for (const secret of this.#whole) if (text.includes(secret)) return secret;
    for (const [run] of text.matchAll(BASE64_RUN)) {
      for (let at = 0; at + WINDOW <= run.length; at += 1) {
        const slice = run.slice(at, at + WINDOW);
        if (this.#slices.has(slice)) return slice;
      }
    }
    return undefined;
  }
}

/** The secrets of a fuzz configuration: the merchant private key (PEM and its base64), the APIv3 key, the APIv2 secret. */
export function configSecrets(keys: FuzzKeys): Secrets {
  const body = keys.merchantPem.replace(/-----[A-Z ]+-----/g, '');
  return new Secrets()
    .add(keys.merchantPem.trim(), keys.apiV3Key, keys.secret, Buffer.from(keys.secret).toString('hex'), Buffer.from(keys.apiV3Key).toString('hex'))
    .addBase64(body)
    .addBase64(Buffer.from(keys.secret).toString('base64'))
    .addBase64(Buffer.from(keys.apiV3Key).toString('base64'));
}

/** The signature value of an APIv3 `Authorization` header (`…,signature="…"`). */
export function authorizationSignature(headers: Headers): string | undefined {
  return /signature="([^"]+)"/.exec(headers.get('Authorization') ?? '')?.[1];
}

/** Every way an error is usually shown or logged, for it and its whole cause chain. */
export function renderings(error: unknown): string[] {
  const texts: string[] = [];
  const seen = new Set<unknown>();
  for (
    let current: unknown = error;
    current !== undefined && current !== null && !seen.has(current);
    current = (current as { cause?: unknown }).cause
  ) {
    seen.add(current);
    texts.push(String(current), inspect(current, { depth: 5 }));
    if (current instanceof Error) texts.push(current.message, current.stack ?? '');
    try {
      texts.push(JSON.stringify(current) ?? '');
      // What a logger that copies enumerable fields (or a spread) shows, whatever toJSON() and inspect() leave out.
      if (typeof current === 'object') texts.push(inspect({ ...current }, { depth: 5, customInspect: false }));
    } catch (failure) {
      texts.push(`JSON.stringify threw: ${String(failure)}`);
    }
    if (typeof current !== 'object') break;
  }
  return texts;
}

/**
 * The checks every fuzz property makes of an error: it is a `WechatpayError` (never a plain `Error`, `TypeError`,
 * `URIError`…), and nothing it shows holds a secret. Throws a readable message otherwise.
 */
export function expectCleanError(error: unknown, secrets: Secrets): asserts error is WechatpayError {
  if (!(error instanceof WechatpayError)) {
    const shown = error instanceof Error ? `${error.constructor.name}: ${error.message}` : `a thrown ${typeof error}: ${String(error)}`;
    throw new Error(`expected a WechatpayError, got ${shown}`);
  }
  for (const text of renderings(error)) {
    const found = secrets.find(text);
    if (found !== undefined) throw new Error(`the ${error.name} shows a secret (${found.slice(0, 12)}…): ${error.message}`);
  }
}

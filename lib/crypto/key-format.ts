/** Which half of a key pair is wanted. */
export type KeyKind = 'private' | 'public';

/** One way to hand the material to node:crypto; `certificate` is DER read through `X509Certificate`. */
export type KeyAttempt =
  | string
  | { key: string | Buffer; format: 'pem' | 'der'; type?: 'pkcs1' | 'pkcs8' | 'spki'; passphrase?: Buffer }
  | { certificate: Buffer };

/** What the material looks like, told without repeating any of it. */
export interface KeyShape {
  /** The format's name, for error messages: `'PKCS#8 PEM'`, `'private.pkcs1:// string'`, `'DER bytes (…)'`. */
  format: string;
  attempts: KeyAttempt[];
  /** Known before trying: why this material cannot give a key of the wanted kind. */
  problem?: string;
}

/** wechatpay-php's protocol strings: base64 DER after a prefix that says what the DER is. */
const PROTOCOLS = {
  'private.pkcs1': { kind: 'private', type: 'pkcs1' },
  'private.pkcs8': { kind: 'private', type: 'pkcs8' },
  'public.pkcs1': { kind: 'public', type: 'pkcs1' },
  'public.spki': { kind: 'public', type: 'spki' },
} as const;

export const PROTOCOL_PREFIXES = Object.keys(PROTOCOLS).map((name) => `${name}://`);

const PROTOCOL_PATTERN = /^(private|public)\.([a-z0-9]+):\/\//;

/** PEM labels by name; the label is a fixed word of the format, never key content. */
const PEM_LABELS: Record<string, { format: string; holds: 'private' | 'public' | 'certificate' }> = {
  'RSA PRIVATE KEY': { format: 'PKCS#1 PEM', holds: 'private' },
  'PRIVATE KEY': { format: 'PKCS#8 PEM', holds: 'private' },
  'ENCRYPTED PRIVATE KEY': { format: 'encrypted PKCS#8 PEM', holds: 'private' },
  'PUBLIC KEY': { format: 'SPKI PEM', holds: 'public' },
  'RSA PUBLIC KEY': { format: 'PKCS#1 public key PEM', holds: 'public' },
  CERTIFICATE: { format: 'X.509 certificate PEM', holds: 'certificate' },
};

/** Tells PEM text, protocol strings and DER bytes apart, and lists what to try for each. */
export function keyShape(data: string | Buffer, kind: KeyKind, passphrase: Buffer | undefined): KeyShape {
  if (typeof data === 'string') {
    const protocol = PROTOCOL_PATTERN.exec(data);
    if (protocol) return protocolShape(data, protocol[0].slice(0, -3), kind, passphrase);
    if (!data.includes('-----BEGIN')) return { format: 'text', attempts: [], problem: 'it is not PEM (no -----BEGIN line)' };
    return pemShape(data, kind, passphrase);
  }
  if (data.includes('-----BEGIN')) return pemShape(data.toString('utf8'), kind, passphrase);
  return derShape(data, kind, passphrase);
}

function protocolShape(text: string, name: string, kind: KeyKind, passphrase: Buffer | undefined): KeyShape {
  const format = `${name}:// string`;
  const protocol = PROTOCOLS[name as keyof typeof PROTOCOLS];
  if (!protocol) return { format, attempts: [], problem: `unknown protocol; use one of ${PROTOCOL_PREFIXES.join(', ')}` };
  if (protocol.kind === 'public' && kind === 'private') return { format, attempts: [], problem: 'it holds a public key' };
  // Line breaks and spaces are allowed, as in a PEM body pasted into config.
  const body = text.slice(name.length + 3).replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body)) return { format, attempts: [], problem: 'the text after the prefix is not base64' };
  const key = Buffer.from(body, 'base64');
  // Only PKCS#8 DER can be encrypted.
  return { format, attempts: [{ key, format: 'der', type: protocol.type, ...(passphrase && protocol.type === 'pkcs8' ? { passphrase } : {}) }] };
}

function pemShape(text: string, kind: KeyKind, passphrase: Buffer | undefined): KeyShape {
  const label = /-----BEGIN ([A-Z0-9 ]{1,40})-----/.exec(text)?.[1];
  const known = label === undefined ? undefined : PEM_LABELS[label];
  const encrypted = label === 'ENCRYPTED PRIVATE KEY' || /Proc-Type:\s*4,ENCRYPTED/.test(text);
  const format = known ? (encrypted && known.format === 'PKCS#1 PEM' ? 'encrypted PKCS#1 PEM' : known.format) : label ? `PEM '${label}'` : 'PEM';
  const attempts: KeyAttempt[] = [passphrase ? { key: text, format: 'pem', passphrase } : text];
  if (kind === 'private' && known?.holds === 'public') return { format, attempts: [], problem: 'it holds a public key' };
  if (kind === 'private' && known?.holds === 'certificate') {
    return { format, attempts: [], problem: 'a certificate holds no private key (the merchant key is apiclient_key.pem)' };
  }
  if (encrypted && !passphrase) return { format, attempts: [], problem: 'it is encrypted; pass { key, passphrase }' };
  return { format, attempts };
}

/** DER has no header to tell its structure: try the usual ones. */
function derShape(data: Buffer, kind: KeyKind, passphrase: Buffer | undefined): KeyShape {
  if (kind === 'private') {
    return {
      format: 'DER bytes (PKCS#8 or PKCS#1)',
      attempts: [
        { key: data, format: 'der', type: 'pkcs8', ...(passphrase ? { passphrase } : {}) },
        { key: data, format: 'der', type: 'pkcs1' },
      ],
    };
  }
  return {
    format: 'DER bytes (SPKI, PKCS#1 or X.509)',
    attempts: [{ key: data, format: 'der', type: 'spki' }, { key: data, format: 'der', type: 'pkcs1' }, { certificate: data }],
  };
}

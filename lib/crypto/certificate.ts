import { X509Certificate } from 'node:crypto';
import { ConfigError } from '../errors/config-error.js';
import { readFileUrl } from '../utils/read-file-url.js';

/** An X.509 certificate as users hold it: PEM text, PEM or DER bytes, a `file://` URL, or one already parsed. */
export type CertificateInput = string | Uint8Array | URL | X509Certificate;

const OPTION = 'certificate';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The merchant API certificate (apiclient_cert.pem) and WeChat Pay platform certificates: serial and validity. */
export const Certificate = {
  /** Parses once; failures are a `ConfigError` with `option` `'certificate'`. */
  load(input: CertificateInput): X509Certificate {
    if (input instanceof X509Certificate) return input;
    const data = read(input);
    const text = typeof data === 'string' ? data : data.includes('-----BEGIN') ? data.toString('utf8') : undefined;
    const label = text === undefined ? undefined : /-----BEGIN ([A-Z0-9 ]{1,40})-----/.exec(text)?.[1];
    const format = text === undefined ? 'DER bytes' : label ? `PEM '${label}'` : 'text';
    const fail = (detail: string): never => {
      throw new ConfigError(OPTION, `could not be read as an X.509 certificate from ${format}${detail}`);
    };
    if (text !== undefined && !label) fail(': it is not PEM (no -----BEGIN line)');
    if (label && label !== 'CERTIFICATE') fail(': it is not a certificate');
    try {
      return new X509Certificate(data);
    } catch (error) {
      // Only the code: the certificate is public, but the same path may be handed a private key by mistake.
      return fail(error instanceof Error && 'code' in error ? ` (${String(error.code)})` : '');
    }
  },

  /** The serial number as WeChat Pay writes it (`Wechatpay-Serial`, `serial_no`): uppercase hex, no separators. */
  serial(input: CertificateInput): string {
    return Certificate.load(input).serialNumber.replace(/:/g, '').toUpperCase();
  },

  validity(input: CertificateInput): { validFrom: Date; validTo: Date } {
    const certificate = Certificate.load(input);
    return { validFrom: utc(certificate.validFrom), validTo: utc(certificate.validTo) };
  },

  /** Whether `at` (default now) falls within the validity period, both ends included. */
  isValidAt(input: CertificateInput, at: Date | number = Date.now()): boolean {
    const { validFrom, validTo } = Certificate.validity(input);
    const time = typeof at === 'number' ? at : at.getTime();
    return validFrom.getTime() <= time && time <= validTo.getTime();
  },
};

function read(input: Exclude<CertificateInput, X509Certificate>): string | Buffer {
  const file = readFileUrl(input, OPTION);
  if (file) return file;
  if (typeof input === 'string') return input;
  if (input instanceof Uint8Array) return Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  throw new ConfigError(OPTION, 'must be a PEM string, PEM or DER bytes, a file:// URL or an X509Certificate');
}

/** Node 20 gives validity as OpenSSL text (`Nov  3 08:44:12 2126 GMT`); read it field by field rather than trust `Date.parse`. */
function utc(text: string): Date {
  const match = /^([A-Z][a-z]{2}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4}) GMT$/.exec(text);
  const month = match ? MONTHS.indexOf(match[1] as string) : -1;
  if (!match || month < 0) throw new ConfigError(OPTION, `has a validity date in an unexpected form: '${text}'`);
  const [day, hours, minutes, seconds, year] = match.slice(2).map(Number) as [number, number, number, number, number];
  return new Date(Date.UTC(year, month, day, hours, minutes, seconds));
}

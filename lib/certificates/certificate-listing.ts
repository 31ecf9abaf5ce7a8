import type { KeyObject, X509Certificate } from 'node:crypto';
import { AesGcm } from '../crypto/aes-gcm.js';
import { Certificate } from '../crypto/certificate.js';
import { rsaKeyProblem } from '../crypto/load-key.js';
import { ConfigError } from '../errors/config-error.js';
import { CertificateError } from '../errors/certificate-error.js';
import type { PlatformCertificate } from './platform-certificate.js';

/** One entry of `GET v3/certificates`. */
interface ListingEntry {
  serial_no: string;
  effective_time: string;
  expire_time: string;
  encrypt_certificate: { algorithm: string; nonce: string; associated_data: string; ciphertext: string };
}

/**
 * Decrypts each `encrypt_certificate` of a `v3/certificates` answer with the APIv3 key and checks that the
 * certificate inside is the one the entry names. Expired certificates are left out: they can verify nothing. A
 * certificate whose key is not RSA of at least 2048 bits fails the whole listing with a `ConfigError`.
 */
export function readListing(listing: unknown, apiV3Key: KeyObject, now: number): Array<PlatformCertificate & { publicKey: KeyObject }> {
  const data = (listing as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) throw new CertificateError('listing', 'the v3/certificates answer has no data array');
  const certificates: Array<PlatformCertificate & { publicKey: KeyObject }> = [];
  for (const entry of data as ListingEntry[]) {
    const sealed = entry?.encrypt_certificate;
    if (typeof entry?.serial_no !== 'string' || !sealed || sealed.algorithm !== 'AEAD_AES_256_GCM') {
      throw new CertificateError('listing', 'a v3/certificates entry lacks serial_no or an AEAD_AES_256_GCM encrypt_certificate');
    }
    let pem: string;
    try {
      pem = AesGcm.decrypt(sealed.ciphertext, apiV3Key, sealed.nonce, sealed.associated_data);
    } catch (error) {
      throw new CertificateError('decrypt', `certificate ${entry.serial_no} does not decrypt with the APIv3 key`, { cause: error });
    }
    let certificate: X509Certificate;
    try {
      certificate = Certificate.load(pem);
    } catch (error) {
      throw new CertificateError('listing', `the entry ${entry.serial_no} does not hold an X.509 certificate`, { cause: error });
    }
    const serial = Certificate.serial(certificate);
    if (serial !== entry.serial_no.toUpperCase()) {
      throw new CertificateError('listing', `certificate listed as ${entry.serial_no} has serial ${serial}`);
    }
    // A weak or non-RSA key is refused even if the listing verifies: it would verify answers from then on.
    const problem = rsaKeyProblem(certificate.publicKey);
    if (problem) throw new ConfigError('platformCertificates', `the key of certificate ${serial} (from v3/certificates) ${problem}`);
    const { validFrom, validTo } = Certificate.validity(certificate);
    if (validTo.getTime() <= now) continue;
    certificates.push({ serial, pem, validFrom, validTo, publicKey: certificate.publicKey });
  }
  return certificates;
}

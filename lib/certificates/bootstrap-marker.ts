/**
 * Marks the certificate download in `options.context`: its answer is verified by the manager with the
 * certificates it carries (the bootstrap), not by the verifier. A module-private symbol, so no call can forge it.
 */
export const CERTIFICATE_DOWNLOAD: unique symbol = Symbol('wechatpay.certificate-download');

export function isCertificateDownload(context: unknown): boolean {
  return typeof context === 'object' && context !== null && (context as Record<symbol, unknown>)[CERTIFICATE_DOWNLOAD] === true;
}

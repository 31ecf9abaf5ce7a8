/** A WeChat Pay platform certificate as the client holds it. */
export interface PlatformCertificate {
  /** Uppercase hex, as `Wechatpay-Serial` names it. */
  serial: string;
  /** The certificate in PEM. */
  pem: string;
  validFrom: Date;
  validTo: Date;
}

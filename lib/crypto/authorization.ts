/** The APIv3 Authorization scheme. */
export const AUTH_SCHEME = 'WECHATPAY2-SHA256-RSA2048';

export interface AuthorizationFields {
  mchid: string;
  serial_no: string;
  timestamp: string;
  nonce_str: string;
  signature: string;
}

/** The Authorization header value, fields in WeChat Pay's documented order, no spaces between them. */
export function authorization(fields: AuthorizationFields): string {
  const { mchid, serial_no, timestamp, nonce_str, signature } = fields;
  return `${AUTH_SCHEME} mchid="${mchid}",serial_no="${serial_no}",timestamp="${timestamp}",nonce_str="${nonce_str}",signature="${signature}"`;
}

const PATTERN = new RegExp(`^${AUTH_SCHEME} mchid="([^"]*)",serial_no="([^"]*)",timestamp="([^"]*)",nonce_str="([^"]*)",signature="([^"]*)"$`);

/** Reads an Authorization header written exactly as `authorization()` writes it; anything else is `undefined`. */
export function parseAuthorization(value: string): AuthorizationFields | undefined {
  const match = PATTERN.exec(value);
  if (!match) return undefined;
  const [, mchid = '', serial_no = '', timestamp = '', nonce_str = '', signature = ''] = match;
  return { mchid, serial_no, timestamp, nonce_str, signature };
}

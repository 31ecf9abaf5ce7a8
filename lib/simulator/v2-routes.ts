import { gzipSync } from 'node:zlib';
import { randomBytes, type KeyObject } from 'node:crypto';
import { Hash } from '../crypto/hash.js';
import { buildXml, parseXml, type V2Payload } from '../utils/v2-xml.js';
import type { OperationSpec } from './catalog.js';
import type { Faults } from './faults.js';

/** The APIv2 endpoints the simulator serves (paths as sent, without the client's `v2/`). */
export const V2_PATHS: ReadonlySet<string> = new Set(['/pay/micropay', '/secapi/pay/refund', '/pay/downloadbill']);

/** An APIv2 answer: XML, or the CSV of a bill. */
export interface V2Reply {
  status: number;
  contentType: string;
  /** Text, or bytes (a gzip bill). */
  body: string | Uint8Array;
}

export interface V2Context {
  mchid: string;
  secret: KeyObject;
  /** Whether the connection presented a client certificate signed by the simulator's CA. */
  clientCertificate: boolean;
  faults: Faults;
  /** The catalog's operation at this path, when there is one. */
  operation?: OperationSpec | undefined;
  /**
   * Answers an operation the three hand-written routes do not serve: the fields of a signed answer (with
   * `result_code`), from the ledger or the catalog.
   */
  answer?: (request: V2Payload, operation: OperationSpec, query: URLSearchParams) => V2Payload | undefined;
}

/** The `auth_code` that the simulator treats as expired (a signed `result_code` FAIL). */
export const EXPIRED_AUTH_CODE = '134500000000000000';

/**
 * Serves one APIv2 call as WeChat Pay does: the request sign checked (MD5 or HMAC-SHA256), `mch_id` checked,
 * the answer signed with the same type. `secapi/…` needs the merchant's client certificate (mutual TLS).
 */
export function v2Route(path: string, body: Buffer, context: V2Context, url?: URL, get = false): V2Reply {
  const { operation } = context;
  const query = get ? url?.searchParams : undefined;
  let request: V2Payload;
  if (query) {
    // A GET page (authorisation, contract signing) takes its fields in the query, signed by the caller its own way.
    request = Object.fromEntries(query);
  } else {
    try {
      request = parseXml(body);
    } catch {
      return fail('XML格式错误');
    }
  }
  if ((path.startsWith('/secapi/') || operation?.security) && !context.clientCertificate)
    return fail('证书错误: this endpoint needs the merchant API certificate (mutual TLS)');
  const signType = query ? 'MD5' : (request.sign_type ?? 'MD5');
  if (signType !== 'MD5' && signType !== 'HMAC-SHA256') return fail('sign_type 参数错误');
  if (!query && (!request.sign || !Hash.equals(Hash.sign(signType, request, context.secret), request.sign))) return fail('签名错误');
  const merchant = request.mch_id ?? request.mchid ?? request.combine_mch_id;
  if (merchant !== undefined ? merchant !== context.mchid : !operation) return fail('mch_id参数格式错误或与证书不符');
  if (!query && !operation?.nonceless && !request.nonce_str) return fail('nonce_str 不能为空');
  const sign = (payload: V2Payload): V2Reply => {
    const signed: V2Payload = { ...payload, sign: Hash.sign(signType, payload, context.secret) };
    if (context.faults.tamperBody) signed.return_msg = 'OK (tampered)';
    return xmlReply(context.faults.status ?? 200, signed);
  };
  const answered = operation && context.answer?.(request, operation, url?.searchParams ?? new URLSearchParams());
  if (answered) return sign({ return_code: 'SUCCESS', return_msg: 'OK', ...answered, nonce_str: freshNonce() });
  const base = { return_code: 'SUCCESS', return_msg: 'OK', appid: request.appid ?? '', mch_id: context.mchid, nonce_str: freshNonce() };
  if (path === '/pay/micropay') {
    if (request.auth_code === EXPIRED_AUTH_CODE)
      return sign({ ...base, result_code: 'FAIL', err_code: 'AUTH_CODE_INVALID', err_code_des: '授权码已过期，请刷新后重新支付' });
    return sign({
      ...base,
      result_code: 'SUCCESS',
      openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
      trade_type: 'MICROPAY',
      bank_type: 'OTHERS',
      total_fee: request.total_fee ?? '0',
      cash_fee: request.total_fee ?? '0',
      transaction_id: `4200000000${Date.now()}`.slice(0, 28),
      out_trade_no: request.out_trade_no ?? '',
      time_end: '20261127101500',
    });
  }
  if (path === '/secapi/pay/refund') {
    return sign({
      ...base,
      result_code: 'SUCCESS',
      transaction_id: request.transaction_id ?? '4200000000202611270000000001',
      out_trade_no: request.out_trade_no ?? '',
      out_refund_no: request.out_refund_no ?? '',
      refund_id: '50000000002026112700000000001',
      refund_fee: request.refund_fee ?? '0',
      total_fee: request.total_fee ?? '0',
      cash_fee: request.total_fee ?? '0',
    });
  }
  // pay/downloadbill: a CSV when there is data (any day but 20000101), an unsigned XML error otherwise.
  if (request.bill_date === '20000101') return xmlReply(200, { return_code: 'FAIL', return_msg: 'No Bill Exist', error_code: '20002' });
  const csv = [
    '交易时间,公众账号ID,商户号,微信订单号,商户订单号,总金额',
    `\`${request.bill_date} 10:15:00,\`wx2421b1c4370ec43b,\`${context.mchid},\`4200000000202611270000000001,\`1217752501201407033233368018,\`0.01`,
    '总交易单数,应结订单总金额',
    '`1,`0.01',
  ].join('\r\n');
  // tar_type=GZIP asks for the bill gzip-compressed, as WeChat Pay sends it then.
  if (request.tar_type === 'GZIP') return { status: 200, contentType: 'application/x-gzip', body: gzipSync(`${csv}\r\n`) };
  return { status: 200, contentType: 'text/plain; charset=utf-8', body: `${csv}\r\n` };
}

/** A communication failure: `return_code` FAIL, unsigned, as WeChat Pay answers it. */
function fail(message: string): V2Reply {
  return xmlReply(200, { return_code: 'FAIL', return_msg: message });
}

function xmlReply(status: number, payload: V2Payload): V2Reply {
  return { status, contentType: 'text/xml; charset=utf-8', body: buildXml(payload) };
}

function freshNonce(): string {
  return randomBytes(16).toString('hex');
}

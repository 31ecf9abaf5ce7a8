import { createHash } from 'node:crypto';

/**
 * Values of fields whose catalog entry lists none, where WeChat Pay's meaning is plain from the name: a sample must
 * read like a real answer (`trade_state: 'SUCCESS'`, never a placeholder text).
 */
export const KNOWN_VALUES: Readonly<Record<string, string>> = {
  trade_state: 'SUCCESS',
  trade_state_desc: '支付成功',
  trade_type: 'JSAPI',
  bank_type: 'OTHERS',
  refund_status: 'SUCCESS',
  status: 'SUCCESS',
  state: 'SUCCESS',
  channel: 'ORIGINAL',
  funds_account: 'AVAILABLE',
  user_received_account: '支付用户零钱',
  currency: 'CNY',
  payer_currency: 'CNY',
  fee_type: 'CNY',
  hash_type: 'SHA1',
  result: 'SUCCESS',
};

/** Digits that are the same for the same seed text. */
export function digitsOf(seed: string, length: number): string {
  let out = '';
  for (let round = 0; out.length < length; round += 1) {
    out += BigInt(`0x${createHash('sha256').update(`${round}/${seed}`).digest('hex')}`).toString();
  }
  return out.slice(0, length);
}

/** Lowercase hex that is the same for the same seed text. */
export function hexOf(seed: string, length: number): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, length);
}

/** RFC 3339 in China Standard Time (UTC+8), as WeChat Pay writes times. */
export function beijing(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000 + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
}

/** A WeChat Pay order id (`transaction_id`): 28 digits starting 42. */
export function transactionId(seed: string): string {
  return `4200${digitsOf(`transaction/${seed}`, 24)}`;
}

/** A WeChat Pay refund id: 29 digits starting 50. */
export function refundId(seed: string): string {
  return `50${digitsOf(`refund/${seed}`, 27)}`;
}

/** A prepay id: `wx`, a time stamp of 14 digits and 20 hex characters, as WeChat Pay hands them out. */
export function prepayId(seed: string, ms: number): string {
  return `wx${stampOf(ms)}${hexOf(`prepay/${seed}`, 20)}`;
}

// Every order passes the same moment (SAMPLE_TIME): its 14 digits are worked out once, not per order.
let stamp = { ms: Number.NaN, digits: '' };
function stampOf(ms: number): string {
  if (stamp.ms !== ms) stamp = { ms, digits: beijing(ms).replace(/\D/g, '').slice(0, 14) };
  return stamp.digits;
}

/** What a time field holds in a sample: a fixed moment, so that answers are the same for a seed. */
export const SAMPLE_TIME = Date.UTC(2026, 10, 27, 2, 15, 0);

/**
 * A string for a field the request did not give: shaped by its name where the name says what it holds
 * (ids, times, URLs, amounts' currency), plain sample text otherwise. `seed` makes it repeatable.
 */
export function sampleText(name: string, seed: string, mchid: string): string {
  const known = KNOWN_VALUES[name];
  if (known !== undefined) return known;
  if (/(^|_)time$|^time_/.test(name)) return beijing(SAMPLE_TIME);
  if (/(^|_)date$/.test(name)) return beijing(SAMPLE_TIME).slice(0, 10);
  if (/^(mchid|mch_id|sp_mchid|sp_mch_id|combine_mchid|combine_mch_id)$/.test(name)) return mchid;
  if (/(^|_)mchid$|(^|_)mch_id$/.test(name)) return `19${digitsOf(seed, 8)}`;
  if (/(^|_)appid$/.test(name)) return `wx${hexOf(seed, 16)}`;
  if (/(^|_)openid$|^unionid$/.test(name)) return `o${createHash('sha1').update(seed).digest('base64url').slice(0, 27)}`;
  if (/transaction_id$/.test(name)) return transactionId(seed);
  if (/^refund_id$/.test(name)) return refundId(seed);
  if (name === 'prepay_id') return prepayId(seed, SAMPLE_TIME);
  if (name === 'code_url') return `weixin://wxpay/bizpayurl?pr=${createHash('sha1').update(seed).digest('base64url').slice(0, 7)}`;
  if (name === 'h5_url' || name === 'mweb_url')
    return `https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=${prepayId(seed, SAMPLE_TIME)}&package=${digitsOf(seed, 10)}`;
  if (/url$/.test(name)) return `https://www.example.com/${name}`;
  if (/_ip$/.test(name)) return '192.0.2.1';
  if (/phone_number$|mobile$/.test(name)) return `138${digitsOf(seed, 8)}`;
  if (/^out_|_no$|_id$|_code$|^code$/.test(name)) return `${name.startsWith('out_') ? 'OUT' : ''}${digitsOf(seed, 20)}`;
  if (/name|description|desc$|remark|reason|memo|message|introduction|title/.test(name)) return `示例${name}`;
  return `sample_${name}`;
}

/** Amounts are integer fen; counts and other numbers a small integer. */
export function sampleNumber(name: string): number {
  return /amount|total|fee|price|refund|contribute|payer|paid|pay_|balance/.test(name) ? 100 : 1;
}

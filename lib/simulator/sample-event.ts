import { createHash } from 'node:crypto';
import { ParameterError } from '../errors/parameter-error.js';
import { KNOWN_VALUES } from './sample-values.js';
import type { WebhookEvent, WebhookField } from './webhook-event.js';
import { WEBHOOK_EVENTS } from './webhook-events.js';

const BY_NAME = new Map(WEBHOOK_EVENTS.map((event) => [event.event, event]));

/** The catalog's description of an APIv3 callback event type; a `ParameterError` for one it does not know. */
export function webhookEvent(eventType: string): WebhookEvent {
  const found = BY_NAME.get(eventType);
  if (!found) {
    throw new ParameterError(
      'eventType',
      `${JSON.stringify(eventType)} is not an APIv3 callback event type the simulator knows (see WEBHOOK_EVENTS)`,
    );
  }
  return found;
}

export interface SampleOptions {
  /** Milliseconds since the epoch for the times in the payload; default now. */
  now?: number;
}

/**
 * A realistic decrypted resource for `eventType`, built from the catalog's fields: every field present, enums at
 * their first value, amounts in integer fen, times in RFC 3339 at +08:00. The same event and time give the same
 * payload, so tests can compare with it.
 */
export function sampleEvent(eventType: string, options: SampleOptions = {}): Record<string, unknown> {
  const event = webhookEvent(eventType);
  const context = { event: event.event, time: beijingTime(options.now ?? Date.now()) };
  return sampleObject(event.fields, context, '');
}

interface Context {
  event: string;
  time: string;
}

function sampleObject(fields: readonly WebhookField[], context: Context, path: string): Record<string, unknown> {
  return Object.fromEntries(fields.map((field) => [field.name, sampleValue(field, context, `${path}${field.name}`)]));
}

function sampleValue(field: WebhookField, context: Context, path: string): unknown {
  const { type, children = [] } = field;
  if (field.encoded === 'by-json_encode' && children.length > 0) return JSON.stringify(sampleObject(children, context, `${path}.`));
  if (type === 'object') return sampleObject(children, context, `${path}.`);
  if (type === 'object[]') return [sampleObject(children, context, `${path}[0].`)];
  if (type.endsWith('[]')) return [sampleValue({ ...field, type: type.slice(0, -2) }, context, `${path}[0]`)];
  // The event's own outcome where the field can say it (`REFUND.ABNORMAL` → `refund_status: 'ABNORMAL'`), else the first value.
  const outcome = context.event.split('.').pop() as string;
  const first = field.enum?.includes(outcome) ? outcome : field.enum?.[0];
  if (type === 'integer' || type === 'number')
    return first !== undefined && Number.isFinite(Number(first)) ? Number(first) : sampleNumber(field.name);
  if (type === 'boolean') return first === undefined ? true : first === 'true';
  if (first !== undefined) return first;
  // Fields the catalog gives no values for, whose values are well known (`trade_state`, `bank_type`…).
  const known = KNOWN_VALUES[field.name];
  if (known !== undefined) return known;
  return sampleString(field, context, path);
}

/** Amounts are integer fen; counts and other numbers a small integer. */
function sampleNumber(name: string): number {
  return /amount|total|fee|price|refund|contribute|payer|paid|pay_|balance/.test(name) ? 100 : 1;
}

/** Strings shaped by their name where the name says what they hold; anything else is plain sample text. */
function sampleString(field: WebhookField, context: Context, path: string): string {
  const { name } = field;
  const digits = (length: number) => digitsOf(`${context.event}/${path}`, length);
  // The shape of an RSA-2048 OAEP ciphertext (256 bytes, base64); only the merchant's private key could open a real one.
  if (field.encrypted === 'by-rsa-pubkey')
    return Buffer.concat([0, 1, 2, 3].map((i) => createHash('sha512').update(`${i}/${path}`).digest())).toString('base64');
  if (/(^|_)time$|^time_/.test(name)) return context.time;
  if (/(^|_)date$/.test(name)) return context.time.slice(0, 10);
  if (/(^|_)mchid$|(^|_)mch_id$/.test(name)) return `19${digits(8)}`;
  if (/(^|_)appid$/.test(name)) return `wx${createHash('md5').update(`${context.event}/${path}`).digest('hex').slice(0, 16)}`;
  if (/(^|_)openid$|^unionid$/.test(name)) return `o${createHash('sha1').update(`${context.event}/${path}`).digest('base64url').slice(0, 27)}`;
  if (/transaction_id$/.test(name)) return `42000000${digits(20)}`;
  if (name === 'refund_id') return `50${digits(27)}`;
  if (/currency$|^fee_type$/.test(name)) return 'CNY';
  if (/url$/.test(name)) return `https://www.example.com/${name}`;
  if (/_ip$/.test(name)) return '192.0.2.1';
  if (/phone_number$/.test(name)) return `138${digits(8)}`;
  if (/^out_|_no$|_id$|_code$|^code$/.test(name)) return `${name.startsWith('out_') ? 'OUT' : ''}${digits(20)}`;
  if (/name|description|desc$|remark|reason|memo|message|messsage|introduction|title/.test(name)) return `示例${name}`;
  return `sample_${name}`;
}

function digitsOf(seed: string, length: number): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return BigInt(`0x${hex}`).toString().slice(0, length).padStart(length, '0');
}

/** RFC 3339 in China Standard Time (UTC+8, no daylight saving), as WeChat Pay writes times. */
export function beijingTime(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000 + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
}

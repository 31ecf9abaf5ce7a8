/**
 * Values for the required fields of an example, typed as the catalog says, so that the examples compile against
 * strict endpoint types too. Only required fields are filled: an example shows the least a call needs.
 */

/** Recognisable samples for names that recur across the API; anything else gets a neutral placeholder. */
const SAMPLES = {
  appid: 'wxd678efh567hg6787',
  sp_appid: 'wxd678efh567hg6787',
  sub_appid: 'wxd678efh567hg6787',
  mchid: '1900000001',
  mch_id: '1900000001',
  sp_mchid: '1900000001',
  sub_mchid: '1900000109',
  sub_mch_id: '1900000109',
  openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
  out_order_no: '1234323JKHDFE1243252',
  out_trade_no: '1217752501201407033233368018',
  transaction_id: '1217752501201407033233368018',
  out_refund_no: '1217752501201407033233368018',
  service_id: '500001',
  description: 'Image形象店-深圳腾大-QQ公仔',
  notify_url: 'https://www.example.com/wechatpay/notify',
  nonce_str: '5K8264ILTKCH16CQ2502SI8ZNMTM67VS',
};

/** A TypeScript expression for a value of `field`, with its required children filled. */
export function sampleValue(field, indent = '') {
  if (field.enum?.length) return literal(field, field.enum[0]);
  // A JSON-encoded field is a string holding the JSON of its children.
  if (field.encoded)
    return field.children.length ? `JSON.stringify(${objectLiteral(field.children, indent)})` : quote(indexed(field.name).toUpperCase());
  switch (field.type) {
    case 'string':
      return quote(SAMPLES[field.name] ?? indexed(field.name).toUpperCase());
    case 'integer':
    case 'number':
    case 'float':
      return '1';
    case 'boolean':
      return 'true';
    case 'true':
      return 'true';
    case 'string[]':
      return `[${quote(field.name.toUpperCase())}]`;
    case 'integer[]':
    case 'number[]':
      return '[1]';
    case 'object':
      return objectLiteral(field.children, indent);
    case 'object[]':
      return `[${objectLiteral(field.children, indent)}]`;
    default:
      return quote(field.name.toUpperCase());
  }
}

/** The required fields, the first of any name the catalog repeats (its source tables sometimes list one twice). */
export function requiredFields(fields) {
  const seen = new Set();
  return fields.filter((field) => field.required && !seen.has(indexed(field.name)) && seen.add(indexed(field.name)));
}

/** `{ a: …, b: … }` of the required fields, on several lines when there are any. */
export function objectLiteral(fields, indent = '') {
  const required = requiredFields(fields);
  if (required.length === 0) return '{}';
  const inner = `${indent}  `;
  const lines = required.map((field) => `${inner}${key(indexed(field.name))}: ${sampleValue(field, inner)},`);
  return `{\n${lines.join('\n')}\n${indent}}`;
}

/** APIv2 names such as `coupon_type_$n` stand for `coupon_type_0`, `coupon_type_1`, …: the example uses the first. */
export function indexed(name) {
  return name.replace(/\$[nm]/g, '0');
}

function literal(field, value) {
  const numeric = /^(integer|number|float)(\[\])?$/.test(field.type) && /^-?\d+(\.\d+)?$/.test(value);
  const one = numeric ? value : quote(value);
  return field.type.endsWith('[]') ? `[${one}]` : one;
}

/** An object key: bare when it is an identifier, quoted otherwise (`Wechatpay-Serial`, `coupon_type_$n`). */
export function key(name) {
  return /^[A-Za-z_][\w]*$/.test(name) ? name : quote(name);
}

function quote(text) {
  return `'${String(text).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

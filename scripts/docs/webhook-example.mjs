/**
 * The handler example of a callback page. APIv3 callbacks go through `Notification` (signature, then AES-GCM
 * decryption); APIv2 callbacks are XML signed with the APIv2 key, and refunds carry an AES-ECB `req_info`.
 * Each example is a WHATWG route handler (`export async function POST(request: Request)`), which is what a
 * Next.js App Router route file exports and what Hono, Bun, Deno and Workers hand over; it needs no framework types.
 */
/** @param {import('./catalog-adapter.mjs').Webhook} webhook */
export function webhookExample(webhook) {
  if (webhook.protocol === 'v3') return v3Example(webhook);
  if (webhook.body.some((field) => field.name === 'req_info')) return v2RefundExample();
  return v2Example(webhook);
}

function v3Example(webhook) {
  // Comparing event_type narrows event.resource to this callback's fields, typed from the same catalog.
  const names = webhook.resource
    .filter((field) => field.required && /^[a-z_][a-z0-9_]*$/i.test(field.name))
    .slice(0, 3)
    .map((field) => field.name);
  const use = names.length
    ? `  const { ${names.join(', ')} } = event.resource;\n  console.log(event.id, ${names.join(', ')});`
    : '  console.log(event.id, event.resource);';
  return `import { Notification } from 'wechatpay-ts';

const notification = new Notification({
  apiV3Key: process.env.WECHATPAY_APIV3_KEY ?? '',
  certs: { PUB_KEY_ID_0114232134912410000000000000: new URL('file:///etc/wechatpay/pub_key.pem') },
});

const onNotify = notification.fetchHandler(async (event) => {
  if (event.event_type !== '${webhook.event}') return;
  // Act on each event.id once: WeChat Pay sends the event again until it gets a 2xx answer.
${use}
});

// app/wechatpay/notify/route.ts in Next.js; c.req.raw in Hono; the fetch handler in Bun, Deno or Workers.
export async function POST(request: Request): Promise<Response> {
  return onNotify(request);
}
`;
}

function v2RefundExample() {
  return `import { V2Notification } from 'wechatpay-ts';

export async function POST(request: Request): Promise<Response> {
  const xml = { 'Content-Type': 'text/xml' };
  try {
    const { refund } = V2Notification.refund(await request.text(), { secret: process.env.WECHATPAY_APIV2_KEY ?? '', mchid: '1900000001' });
    console.log(refund.out_refund_no, refund.refund_status);
    return new Response(V2Notification.success(), { headers: xml });
  } catch {
    return new Response(V2Notification.fail('refused'), { status: 400, headers: xml });
  }
}
`;
}

function v2Example(webhook) {
  // V2Notification.verify checks the sign (MD5 or HMAC-SHA256, as the XML says) and types the fields from the catalog.
  const routine =
    /^(sign|sign_type|algorithm|nonce_str|(sub_|combine_)?(mch_id|appid)|return_code|return_msg|result_code|event_type|event_id|event_create_time)$/;
  const fields = webhook.body.filter(
    (field) => field.required && !field.encrypted && !routine.test(field.name) && /^[a-z_][a-z0-9_]*$/i.test(field.name),
  );
  // The ids and states a handler acts on first, then whatever the callback has.
  const telling = (field) => /^out_|transaction_id|contract_id|state|status|risk_level|plate_number/.test(field.name);
  const names = [...fields.filter(telling), ...fields.filter((field) => !telling(field))].slice(0, 2).map((field) => field.name);
  const gcm = webhook.body.some((field) => field.name === 'event_ciphertext');
  const use = gcm
    ? `    // event_ciphertext is AEAD_AES_256_GCM: decrypt it with the key the official page names.
    const resource: V2WebhookPlaintexts['${webhook.event}'] = JSON.parse(AesGcm.decrypt(payload.event_ciphertext, process.env.WECHATPAY_APIV3_KEY ?? '', payload.event_nonce, payload.event_associated_data ?? ''));
    console.log(payload.event_id, resource);`
    : `    console.log(${names.map((name) => `payload.${name}`).join(', ') || 'payload'});`;
  return `import { ${gcm ? 'AesGcm, ' : ''}V2Notification${gcm ? ', type V2WebhookPlaintexts' : ''} } from 'wechatpay-ts';

export async function POST(request: Request): Promise<Response> {
  const xml = { 'Content-Type': 'text/xml' };
  try {
    const payload = V2Notification.verify('${webhook.event}', await request.text(), { secret: process.env.WECHATPAY_APIV2_KEY ?? '' });
${use}
    return new Response(V2Notification.success(), { headers: xml });
  } catch {
    return new Response(V2Notification.fail('refused'), { status: 400, headers: xml });
  }
}
`;
}

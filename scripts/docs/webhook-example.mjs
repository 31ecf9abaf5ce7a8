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
  const names = webhook.resource.filter((field) => field.required && /^[a-z_][a-z0-9_]*$/i.test(field.name)).slice(0, 3).map((field) => field.name);
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
  const names = new Set(webhook.body.map((field) => field.name));
  const hmac = webhook.body.some((field) => (field.name === 'algorithm' || field.name === 'sign_type') && field.enum?.length === 1 && field.enum[0] === 'HMAC-SHA256');
  const decrypt = names.has('event_ciphertext')
    ? `
  // event_ciphertext is AEAD_AES_256_GCM: decrypt it with the key the official page names.
  const resource = JSON.parse(AesGcm.decrypt(payload.event_ciphertext ?? '', process.env.WECHATPAY_APIV3_KEY ?? '', payload.event_nonce ?? '', payload.event_associated_data ?? ''));
  console.log(payload.event_id, resource);`
    : `
  console.log(payload);`;
  return `import { createSecretKey } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import { ${names.has('event_ciphertext') ? 'AesGcm, ' : ''}Hash, V2Notification } from 'wechatpay-ts';

const apiV2Key = createSecretKey(Buffer.from(process.env.WECHATPAY_APIV2_KEY ?? '', 'utf8'));
const parser = new XMLParser({ parseTagValue: false });

export async function POST(request: Request): Promise<Response> {
  const xml = { 'Content-Type': 'text/xml' };
  const payload = (parser.parse(await request.text()) as { xml?: Record<string, string> }).xml ?? {};
  // The APIv2 sign covers every other field, with the APIv2 key.
  const sign = Hash.sign(${hmac ? "'HMAC-SHA256'" : "payload.sign_type === 'HMAC-SHA256' ? 'HMAC-SHA256' : 'MD5'"}, payload, apiV2Key);
  if (!payload.sign || !Hash.equals(sign, payload.sign)) return new Response(V2Notification.fail('sign'), { status: 400, headers: xml });${decrypt}
  return new Response(V2Notification.success(), { headers: xml });
}
`;
}

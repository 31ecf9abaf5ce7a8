/** The markdown of one callback event's page: what it is, a handler, and the fields of the envelope and resource. */
import { fieldTable } from './field-table.mjs';
import { webhookExample } from './webhook-example.mjs';

/**
 * @param {import('./catalog-adapter.mjs').Webhook} webhook
 * @param {(event: string) => string | undefined} linkOf the page of another event, for pages that moved
 */
export function webhookPage(webhook, linkOf) {
  const moved = /Moved to \/webhook\/(v[23])\/(\S+)/.exec(webhook.title);
  const out = ['---', `title: ${JSON.stringify(`${webhook.event} ${webhook.title}`)}`, 'reference: webhook', '---', '', `# ${webhook.event}`, ''];
  out.push(`${webhook.title} · ${webhook.protocol === 'v3' ? 'APIv3 callback (JSON)' : 'APIv2 callback (XML)'}`, '');
  if (moved) {
    const target = linkOf(moved[2]);
    out.push(`The official documentation now describes this event as ${target ? `[${moved[2]}](${target})` : `\`${moved[2]}\``}.`, '');
  }
  out.push(
    webhook.protocol === 'v3'
      ? 'WeChat Pay POSTs this event to your `notify_url`. `Notification` checks the signature headers, then decrypts `resource` with your APIv3 key; the [callbacks guide](/guide/callbacks) explains the answers and shows Express, Koa, Fastify, Next.js and Hono.'
      : 'WeChat Pay POSTs this event to your `notify_url` as XML. `V2Notification` checks its `sign` with your APIv2 key and types its fields; answer with the XML `V2Notification.success()` gives; see [APIv2](/guide/apiv2).',
    '',
  );
  out.push('## Handler', '', '```ts', webhookExample(webhook).trimEnd(), '```', '');
  if (webhook.resource.length) out.push('## Decrypted resource', '', fieldTable(webhook.resource));
  out.push(webhook.protocol === 'v3' ? '## Envelope' : '## Body', '', fieldTable(withoutPlaintext(webhook.body)));
  if (webhook.headers.length) out.push('## Headers', '', fieldTable(webhook.headers));
  return `${out.join('\n').trimEnd()}\n`;
}

/** The envelope with its ciphertexts' decrypted fields left out: the table above already lists them. */
function withoutPlaintext(fields) {
  return fields.map((field) => ({ ...field, children: field.encrypted === 'by-aes-gcm' ? [] : withoutPlaintext(field.children) }));
}

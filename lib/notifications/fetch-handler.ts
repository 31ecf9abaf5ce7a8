import { loadHandlerOptions } from './handler-options.js';
import type { WebhookEvent } from '../endpoints/generated/webhooks.js';
import type { IncomingNotification, NotificationHandler, NotificationHandlerOptions, NotificationReply } from './notification-types.js';
import { checkLength, readLimited } from './raw-body.js';
import { receive } from './receive.js';
import type { WechatpayStore } from '../stores/store.js';

type Verify = (incoming: IncomingNotification) => WebhookEvent;

/**
 * A WHATWG `Request` → `Response` handler (Next.js route handlers, Hono, Bun, Deno, Cloudflare Workers): reads
 * the raw body, verifies and decrypts the callback, runs `handler`, and answers 204, or 4xx/5xx with
 * `{ code: 'FAIL', message }`.
 */
export function createFetchHandler(
  verify: Verify,
  handler: NotificationHandler<Request>,
  options: NotificationHandlerOptions | undefined,
  store: WechatpayStore,
): (request: Request) => Promise<Response> {
  const { maxBodySize, onError } = loadHandlerOptions(options);
  return async (request) => {
    const read = async () => {
      checkLength(request.headers.get('content-length'), maxBodySize);
      return { body: request.body ? await readLimited(request.body, maxBodySize) : Buffer.alloc(0), headers: request.headers };
    };
    return toResponse(await receive(verify, read, (event) => handler(event, request), onError, store));
  };
}

function toResponse(reply: NotificationReply): Response {
  return new Response(reply.body && JSON.stringify(reply.body), { status: reply.status, headers: reply.headers });
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { loadHandlerOptions } from './handler-options.js';
import type { WebhookEvent } from '../endpoints/generated/webhooks.js';
import type { IncomingNotification, NotificationHandler, NotificationHandlerOptions, NotificationReply } from './notification-types.js';
import { checkLength, preparsedBody, tooLarge } from './raw-body.js';
import { receive } from './receive.js';
import type { WechatpayStore } from '../stores/store.js';

type Verify = (incoming: IncomingNotification) => WebhookEvent;

/**
 * A `node:http` request listener (also an Express route handler): reads the raw body, verifies and decrypts the
 * callback, runs `handler`, and answers 204, or 4xx/5xx with `{ code: 'FAIL', message }`.
 */
export function createNodeHandler(
  verify: Verify,
  handler: NotificationHandler<IncomingMessage>,
  options: NotificationHandlerOptions | undefined,
  store: WechatpayStore,
): (req: IncomingMessage, res: ServerResponse) => void {
  const { maxBodySize, onError } = loadHandlerOptions(options);
  return (req, res) => {
    void answer(req, res).catch(onError);
  };

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const read = async () => {
      checkLength(req.headers['content-length'], maxBodySize);
      return { body: (preparsedBody(req) ?? (await readNodeBody(req, maxBodySize))) as Buffer, headers: req.headers };
    };
    send(res, await receive(verify, read, (event) => handler(event, req), onError, store));
  }
}

/**
 * Reads with events rather than async iteration: leaving an iteration early destroys the socket, and then the
 * 413 answer could not be sent.
 */
function readNodeBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.off('data', onData).pause();
      reject(tooLarge(limit));
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

function send(res: ServerResponse, reply: NotificationReply): void {
  if (res.headersSent || res.writableEnded) return; // the handler answered itself
  const text = reply.body && JSON.stringify(reply.body);
  const headers: Record<string, string> = { ...reply.headers };
  if (text !== undefined) headers['Content-Length'] = String(Buffer.byteLength(text));
  // The rest of a body too large was never read: the connection cannot carry another request.
  if (reply.status === 413) headers.Connection = 'close';
  res.writeHead(reply.status, headers).end(text);
}

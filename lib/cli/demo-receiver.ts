import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { WebhookEvent } from '../endpoints/generated/webhooks.js';
import type { Notification } from '../notifications/notification.js';

/** A callback the receiver verified, and when (`performance.now()`). */
export interface Received {
  event: WebhookEvent;
  at: number;
}

/** The demo's merchant server: one `node:http` listener on 127.0.0.1 that verifies WeChat Pay's callbacks. */
export interface Receiver {
  url: string;
  /** The callbacks verified so far, oldest first. */
  received: Received[];
  /** Rejects with the first callback the handler refused, so that the demo fails at once rather than retrying. */
  refused: Promise<never>;
  close(): Promise<void>;
}

export async function startReceiver(notification: Notification): Promise<Receiver> {
  const received: Received[] = [];
  let refuse!: (error: unknown) => void;
  const refused = new Promise<never>((_, reject) => {
    refuse = reject;
  });
  // Nobody may be waiting on it when the demo ends without a refusal.
  refused.catch(() => undefined);
  const handler = notification.nodeHandler(
    (event) => {
      received.push({ event, at: performance.now() });
    },
    { onError: refuse },
  );
  const server = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/wechatpay/notify`,
    received,
    refused,
    close: () =>
      new Promise<void>((resolve) => {
        // The simulator keeps its connection alive; drop it so that the process can exit.
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

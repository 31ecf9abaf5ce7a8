import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Notification, type NotificationEvent } from 'wechatpay-ts';
import { startSimulator, WEBHOOK_EVENTS, type Simulator, type WebhookField } from 'wechatpay-ts/simulator';
import { notifyReceiver } from '../support/notify-receiver.js';

const receiver = notifyReceiver();
let simulator: Simulator;
let notification: Notification;
let to: string;
const viaNode: NotificationEvent[] = [];
const viaFetch: NotificationEvent[] = [];
let fetchHandler: (request: Request) => Promise<Response>;
const errors: unknown[] = [];

beforeAll(async () => {
  simulator = await startSimulator();
  notification = new Notification({ apiV3Key: simulator.apiV3Key, certs: { [simulator.platform.serial]: simulator.platform.publicKey } });
  const onError = (error: unknown) => void errors.push(error);
  to = receiver.route(
    '/notify',
    notification.nodeHandler((event) => void viaNode.push(event), { onError }),
  );
  // Another Notification (another process): the first one handles each callback once, so it would not run its handler again.
  const other = new Notification({ apiV3Key: simulator.apiV3Key, certs: { [simulator.platform.serial]: simulator.platform.publicKey } });
  fetchHandler = other.fetchHandler((event) => void viaFetch.push(event), { onError });
});
afterAll(() => simulator.close());

/** The names of the fields the catalog marks required, at every depth of a sample (arrays: their first item). */
function missingRequired(fields: readonly WebhookField[], value: unknown, path = ''): string[] {
  const object = (Array.isArray(value) ? value[0] : value) as Record<string, unknown>;
  return fields.flatMap((field) => {
    const here = `${path}${field.name}`;
    if (!(field.name in object)) return field.required ? [here] : [];
    return field.children && field.type.startsWith('object') ? missingRequired(field.children, object[field.name], `${here}.`) : [];
  });
}

describe('every APIv3 callback event type of the catalog', () => {
  it('is listed once, by a WeChat Pay event name', () => {
    const names = WEBHOOK_EVENTS.map((event) => event.event);
    expect(names.length).toBeGreaterThan(100);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[A-Z_]+(\.[A-Z_]+)+$/);
  });

  it.each(WEBHOOK_EVENTS.map((event) => [event.event, event] as const))(
    '%s: sent by the simulator, verified and decrypted by both adapters',
    async (eventType, described) => {
      const delivery = await simulator.notify(eventType, { to });
      expect(delivery).toMatchObject({ status: 204, body: '' });
      const sentEnvelope = JSON.parse(delivery.sent.body) as Record<string, { original_type?: string }>;

      // node:http: the bytes that arrived are the bytes that were signed, and the resource comes back as sent.
      const captured = receiver.captured.at(-1)!;
      expect(captured.raw.equals(Buffer.from(delivery.sent.body, 'utf8'))).toBe(true);
      const event = viaNode.at(-1)!;
      expect(event).toEqual({ ...sentEnvelope, original_type: sentEnvelope.resource!.original_type, resource: delivery.sent.resource });
      expect(event.event_type).toBe(eventType);
      expect(missingRequired(described.fields, event.resource)).toEqual([]);

      // WHATWG: the same bytes and headers as a Request.
      const response = await fetchHandler(new Request(to, { method: 'POST', headers: captured.headers, body: captured.raw }));
      expect(response.status).toBe(204);
      expect(await response.text()).toBe('');
      expect(viaFetch.at(-1)).toEqual(event);
      expect(errors).toEqual([]);
    },
  );
});

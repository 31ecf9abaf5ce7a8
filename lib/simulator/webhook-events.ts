import data from './webhook-events.json' with { type: 'json' };
import type { WebhookEvent } from './webhook-event.js';

/**
 * The APIv3 callback event types the simulator sends, with the fields of their decrypted resource. The data is
 * webhook-events.json, generated from the WeChat Pay API catalog by scripts/generate-webhooks.mjs; importing it
 * (rather than reading a file) makes the build copy it to dist/ and lets bundlers inline it.
 */
export const WEBHOOK_EVENTS: readonly WebhookEvent[] = data.events;

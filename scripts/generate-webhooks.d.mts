// Types of generate-webhooks.mjs, for the spec of the simulator's callbacks.
import type { WebhookEvent } from '../lib/simulator/webhook-event.js';
import type { Model } from './catalog/model.mjs';

export declare const OUTPUT: string;
export interface SimulatorEvents {
  events: WebhookEvent[];
  notes: string[];
}
export declare function webhookEvents(model: Model): SimulatorEvents;
export declare function renderJson(data: SimulatorEvents): string;
export declare function files(model: Model): Map<string, string>;

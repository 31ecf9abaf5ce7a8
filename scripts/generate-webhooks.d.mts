// Types of generate-webhooks.mjs, for the spec that checks the committed module is up to date.
import type { WebhookEvent } from '../lib/simulator/webhook-event.js';

export declare const DEFAULT_CATALOG: string;
export declare const OUTPUT: string;
export interface Extracted {
  events: WebhookEvent[];
  notes: string[];
}
export declare function extractWebhooks(catalog: unknown): Extracted;
export declare function renderModule(extracted: Extracted): string;
export declare function generate(catalogPath?: string): string;

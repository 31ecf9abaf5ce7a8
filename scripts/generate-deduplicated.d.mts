// Types of generate-deduplicated.mjs, for the spec of the retry's deduplicated operations.
import type { Model } from './catalog/model.mjs';

export declare const OUTPUT: string;
export declare const KEYS: ReadonlySet<string>;
export declare function deduplicated(model: Model): Record<string, string>;
export declare function render(table: Record<string, string>): string;
export declare function files(model: Model): Map<string, string>;

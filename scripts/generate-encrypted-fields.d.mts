// Types of generate-encrypted-fields.mjs, for the spec of the sensitive-field list.
import type { Model } from './catalog/model.mjs';

export declare const OUTPUT: string;
export declare function encryptedFields(model: Model): Record<string, string[]>;
export declare function render(fields: Record<string, readonly string[]>): string;
export declare function files(model: Model): Map<string, string>;

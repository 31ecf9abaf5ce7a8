// Types of generate-types.mjs, for the specs that read the generated modules.
import type { Model } from './catalog/model.mjs';

export declare const OUTPUT: string;
export declare const directories: readonly string[];
export declare function renderModules(model: Model): Map<string, string>;
export declare function files(model: Model): Map<string, string>;

// Types of generate-paths.mjs, for the specs that check the committed module and the decoding.
import type { Model } from './catalog/model.mjs';

export declare const OUTPUT: string;
export declare function catalogPaths(model: Model): string[];
export declare function renderPaths(paths: readonly string[]): string;
export declare function files(model: Model): Map<string, string>;

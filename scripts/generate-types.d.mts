// Types of generate-types.mjs, for the spec that checks the committed modules are up to date.
import type { Model } from './catalog/model.mjs';

export declare const OUTPUT_DIR: string;
export declare function renderModules(model: Model): Map<string, string>;
export declare function generate(catalogPath?: string, outDir?: string): Map<string, string>;
export declare function readTree(dir: string): Map<string, string>;

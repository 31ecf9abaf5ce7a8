// Types of generate.mjs, for the spec that checks the generated files are up to date.
import type { Model } from './catalog/model.mjs';

export interface Rendered {
  files: Map<string, string>;
  directories: string[];
}
export declare const ROOT: string;
export declare const GENERATORS: readonly string[];
export declare function render(model: Model): Promise<Rendered>;
export declare function compare(rendered: Rendered, root?: string): { stale: string[]; extra: string[] };
export declare function write(rendered: Rendered, root?: string): { stale: string[]; extra: string[] };

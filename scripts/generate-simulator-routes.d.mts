// Types of generate-simulator-routes.mjs, for specs and other TypeScript readers.
import type { Model } from './catalog/model.mjs';

export declare const OUTPUT: string;
/** The compact data the simulator reads (lib/simulator/catalog-routes.json), by `METHOD path`. */
export declare function simulatorRoutes(model: Model): Record<string, [Record<string, unknown>, Record<string, unknown>]>;
/** The generated data file, by its path relative to the repository root. */
export declare function files(model: Model): Map<string, string>;

// Types of generate-simulator-routes.mjs, for specs and other TypeScript readers.
import type { Model } from './catalog/model.mjs';

export declare const OUTPUT: string;
/** The compact data the simulator reads (lib/simulator/catalog-routes.json), by `METHOD path`. */
export declare function simulatorRoutes(model: Model): Record<string, [Record<string, unknown>, Record<string, unknown>]>;
/** Writes (or with `check`, compares) the data file; answers whether it was up to date. */
export declare function generateSimulatorRoutes(options?: { catalog?: string; output?: string; check?: boolean }): boolean;

// Types of bundle.mjs, for the source build of the specs (spec/support/source-build.ts).
import type { BuildOptions, Metafile } from 'esbuild';

export declare const BUNDLE_OPTIONS: Readonly<BuildOptions>;
export declare const CHUNKS: string;
export declare function entryPoints(manifest: unknown): Record<string, string>;
export declare function bundlePackage(dist: string): Promise<Metafile>;

// Types of generate-docs.mjs, for the docs specs that generate the reference pages before they check them.
export declare const DOCS: string;
export declare function generateDocs(options?: { catalogFile?: string; docs?: string }): string[];

/** node:crypto's error, reduced to its code: enough for a log, nothing that could hold data. */
export function codeOnly(error: unknown): Error | undefined {
  if (!(error instanceof Error)) return undefined;
  return new Error(`crypto: ${'code' in error ? String(error.code) : error.name}`);
}

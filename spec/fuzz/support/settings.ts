import type fc from 'fast-check';

/**
 * How hard the fuzz specs try, from the environment, in one place:
 *
 * - `FUZZ_RUNS`: cases per property of weight 1 (the weights add up to 13.1). Default 200, so that `npm test` runs
 *   about 2,600 cases in all (a few seconds); under `npm run fuzz` (vitest's mode `fuzz`) 8,000, about 105,000.
 * - `FUZZ_SEED` (and `FUZZ_PATH`): replay a failure; fast-check prints both with the counterexample.
 * - `FUZZ_EXAMPLES=0`: leave out the hand-picked examples that open each property, to see what the random
 *   generators find on their own.
 */
const MODE = (import.meta as { env?: { MODE?: string } }).env?.MODE;
export const RUNS = positive(process.env.FUZZ_RUNS, MODE === 'fuzz' ? 8_000 : 200);

const SEED = process.env.FUZZ_SEED === undefined || process.env.FUZZ_SEED === '' ? undefined : Number(process.env.FUZZ_SEED);
const PATH = process.env.FUZZ_PATH || undefined;
const EXAMPLES = process.env.FUZZ_EXAMPLES !== '0';

/** Parameters of one property: `weight` scales the runs (a costly property runs fewer cases). */
export function fuzz<T>(options: { weight?: number; examples?: T[] } = {}): fc.Parameters<T> {
  return {
    numRuns: runsOf(options.weight),
    ...(SEED !== undefined && { seed: SEED }),
    ...(PATH !== undefined && { path: PATH }),
    ...(EXAMPLES && options.examples && { examples: options.examples }),
  };
}

/** The cases a property with this weight runs. */
export function runsOf(weight = 1): number {
  return Math.max(1, Math.round(RUNS * weight));
}

/** A vitest timeout for a property of this weight: room for slow machines and for shrinking a failure. */
export function timeoutOf(weight = 1, perCaseMs = 20): number {
  return 60_000 + runsOf(weight) * perCaseMs;
}

function positive(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new Error(`FUZZ_RUNS must be a positive integer, got ${value}`);
  return number;
}

/**
 * One format for every row `npm run bench` prints, so that the rows of all bench files read as one table:
 *
 *   | row | measured | goal | met |
 *
 * `measured` and `goal` are ratios against a baseline measured in the same run (`1.07×`), with the raw figures in
 * `detail` when they help (`312 µs vs 291 µs`).
 */
export interface BenchRow {
  /** What is measured, as the issue names it: `async, concurrency 16: CPU per call vs the floor`. */
  readonly row: string;
  /** The ratio measured in this run. */
  readonly ratio: number;
  /** The goal: the ratio must be at most this. */
  readonly goal: number;
  /** The raw figures behind the ratio. */
  readonly detail?: string;
}

export function printRows(title: string, rows: readonly BenchRow[]): void {
  const lines = [
    '',
    `### ${title}`,
    '',
    '| row | measured | goal | met | detail |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map(
      ({ row, ratio, goal, detail }) =>
        `| ${row} | ${ratio.toFixed(2)}× | ≤ ${goal.toFixed(2)}× | ${ratio <= goal ? 'yes' : 'no'} | ${detail ?? ''} |`,
    ),
    '',
  ];
  console.log(lines.join('\n'));
}

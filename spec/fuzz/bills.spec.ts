import fc from 'fast-check';
import { describe, it } from 'vitest';
import { Bill, BillError, type BillRow } from 'wechatpay-ts';
import { fuzz, timeoutOf } from './support/settings.js';

// Target 7: bill files. `Bill.parse` reads a well-formed bill (any cells, quoted as CSV needs, BOM, CRLF, any chunking)
// back exactly, and on any other text gives rows or a BillError, never another error.

/** Characters that CSV and WeChat Pay's bills give a meaning to, and a few ordinary ones. */
const CELL_UNIT = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('a', 'B', '1', '.', '-', '中', '元', ':') },
  { weight: 2, arbitrary: fc.constantFrom(',', '"', '\n', '\r\n', '`', ' ', '\t', '\uFEFF', "'", '\r', '😀') },
);
const cell = fc.string({ unit: CELL_UNIT, maxLength: 10 });
/** A column name: not empty once trimmed, and not starting with the backtick that marks a record cell. */
const columnName = fc.string({ unit: CELL_UNIT, minLength: 1, maxLength: 8 }).filter((name) => name.trim() !== '' && !name.trim().startsWith('`'));
const columns = fc.uniqueArray(columnName, { minLength: 1, maxLength: 5, selector: (name) => name.trim() });

interface BillCase {
  columns: string[];
  rows: string[][];
  summaryColumns: string[];
  summary: string[];
  bom: boolean;
  eol: '\n' | '\r\n';
  quoteAll: boolean;
  finalEol: boolean;
  source: Source;
}

type Source = { kind: 'string' } | { kind: 'bytes' } | { kind: 'chunks'; cuts: number[] } | { kind: 'stringChunks'; cuts: number[] };

const sourceArb: fc.Arbitrary<Source> = fc.oneof(
  fc.constant({ kind: 'string' as const }),
  fc.constant({ kind: 'bytes' as const }),
  fc.record({ kind: fc.constant('chunks' as const), cuts: fc.array(fc.nat(), { maxLength: 6 }) }),
  fc.record({ kind: fc.constant('stringChunks' as const), cuts: fc.array(fc.nat(), { maxLength: 6 }) }),
);

const billArb: fc.Arbitrary<BillCase> = fc.tuple(columns, columns).chain(([names, summaryNames]) =>
  fc.record({
    columns: fc.constant(names),
    rows: fc.array(fc.array(cell, { minLength: names.length, maxLength: names.length }), { maxLength: 4 }),
    summaryColumns: fc.constant(summaryNames),
    summary: fc.array(cell, { minLength: summaryNames.length, maxLength: summaryNames.length }),
    bom: fc.boolean(),
    eol: fc.constantFrom('\n' as const, '\r\n' as const),
    quoteAll: fc.boolean(),
    finalEol: fc.boolean(),
    source: sourceArb,
  }),
);

/** One CSV field, quoted when it must be (or always). */
function field(text: string, quoteAll: boolean): string {
  return quoteAll || /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function textOf(c: BillCase): string {
  const line = (cells: string[]) => cells.map((text) => field(text, c.quoteAll)).join(',');
  const lines = [
    line(c.columns),
    ...c.rows.map((row) => line(row.map((value) => `\`${value}`))),
    line(c.summaryColumns),
    line(c.summary.map((value) => `\`${value}`)),
  ];
  return `${c.bom ? '\uFEFF' : ''}${lines.join(c.eol)}${c.finalEol ? c.eol : ''}`;
}

function sourceOf(text: string, source: Source): string | Uint8Array | AsyncIterable<Uint8Array | string> {
  if (source.kind === 'string') return text;
  const bytes = Buffer.from(text, 'utf8');
  if (source.kind === 'bytes') return new Uint8Array(bytes);
  const whole: string | Buffer = source.kind === 'chunks' ? bytes : text;
  // Byte chunks may split a UTF-8 sequence (a socket does); string chunks split only between code points (a decoder does).
  const boundary = (cut: number) => (typeof whole === 'string' && /[\uDC00-\uDFFF]/.test(whole[cut] ?? '') ? cut - 1 : cut);
  const cuts = [...new Set(source.cuts.map((cut) => boundary(cut % (whole.length + 1))))].sort((a, b) => a - b);
  const pieces = [0, ...cuts, whole.length].slice(1).map((end, index, ends) => whole.slice(index === 0 ? 0 : (ends[index - 1] as number), end));
  return (async function* () {
    for (const piece of pieces) yield typeof piece === 'string' ? piece : new Uint8Array(piece);
  })();
}

const record = (names: string[], values: string[]): BillRow =>
  Object.fromEntries(names.map((name, index) => [name.trim(), (values[index] as string).trim()]));

/** Every outcome of reading a bill: its rows and summary, or the first error (which must be a BillError). */
async function read(source: ReturnType<typeof sourceOf>, mode: 'all' | 'summary' | 'first') {
  const bill = Bill.parse(source);
  const rows: BillRow[] = [];
  try {
    if (mode === 'summary') return { rows, summary: await bill.summary() };
    for await (const row of bill.rows()) {
      rows.push(row);
      if (mode === 'first') break;
    }
    return { rows, summary: await bill.summary() };
  } catch (error) {
    if (!(error instanceof BillError))
      throw new Error(`expected a BillError, got ${error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error)}`);
    return { rows, error };
  }
}

describe('fuzz: bill files (target 7)', () => {
  it(
    'reads a well-formed bill back exactly, whatever its cells, line ends, BOM and chunks',
    async () => {
      await fc.assert(
        fc.asyncProperty(billArb, async (c) => {
          const text = textOf(c);
          const got = await read(sourceOf(text, c.source), 'all');
          if ('error' in got) throw new Error(`a well-formed bill was refused: ${String(got.error)}\n${JSON.stringify(text)}`);
          const rows = c.rows.map((row) => record(c.columns, row));
          const summary = record(c.summaryColumns, c.summary);
          if (JSON.stringify(got.rows) !== JSON.stringify(rows))
            throw new Error(`rows ${JSON.stringify(got.rows)}, expected ${JSON.stringify(rows)} from ${JSON.stringify(text)}`);
          if (JSON.stringify(got.summary) !== JSON.stringify(summary))
            throw new Error(`summary ${JSON.stringify(got.summary)}, expected ${JSON.stringify(summary)} from ${JSON.stringify(text)}`);
        }),
        fuzz(),
      );
    },
    timeoutOf(),
  );

  it(
    'gives rows or a BillError on any text, never another error',
    async () => {
      const text = fc.oneof(
        fc.string({ unit: fc.oneof(CELL_UNIT, fc.constantFrom('\u0000', '\\', '""', '`"', ',,', '\uD800')), maxLength: 120 }),
        fc.tuple(billArb.map(textOf), fc.nat(), fc.nat(), fc.string({ unit: CELL_UNIT, maxLength: 3 })).map(([whole, at, length, insert]) => {
          const start = at % (whole.length + 1);
          return whole.slice(0, start) + insert + whole.slice(start + (length % 4));
        }),
      );
      await fc.assert(
        fc.asyncProperty(text, sourceArb, fc.constantFrom('all' as const, 'summary' as const, 'first' as const), async (input, source, mode) => {
          await read(sourceOf(input, source), mode);
        }),
        fuzz(),
      );
    },
    timeoutOf(),
  );
});

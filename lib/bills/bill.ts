import { createReadStream } from 'node:fs';
import { Readable, pipeline } from 'node:stream';
import type { CsvError, Info } from 'csv-parse';
import { BillError } from '../errors/bill-error.js';
import { ParameterError } from '../errors/parameter-error.js';

/** One record or the summary of a bill: column name → value, the leading backtick removed and the value trimmed. */
export type BillRow = Record<string, string>;

/**
 * Where a bill comes from: its text (a string), its bytes, a `file:` URL, a Node Readable, or any async iterable of
 * byte or string chunks (a fetch body, an undici body). A string is always the bill's content, never a path: pass
 * `pathToFileURL(path)` for a file.
 */
export type BillSource = string | Uint8Array | URL | Readable | AsyncIterable<Uint8Array | string>;

type Stage = 'header' | 'records' | 'summary' | 'done';

interface Parsed {
  record: string[];
  info: Info;
}

/**
 * A WeChat Pay bill (交易账单 from `v3/bill/tradebill`, 资金账单 from `v3/bill/fundflowbill`, and the sub-merchant
 * variants), read as a stream. The file is a header row of column names, one row per record with a backtick before
 * every value, then a summary block: a second header row and one backtick-prefixed summary row.
 *
 * `Bill.parse(source)` reads nothing until the rows are asked for. Iterate `rows()` (or the bill itself) once; the
 * records are never collected, so memory stays flat whatever the file's size. `summary()` settles once the parser has
 * passed the summary block: after the rows are consumed, or, if `rows()` was never called, by reading through the
 * file on its own and discarding the records.
 */
export class Bill implements AsyncIterable<BillRow> {
  readonly #source: BillSource;
  #started = false;
  #count = 0;
  #columns: readonly string[] | undefined;
  readonly #summary: Promise<BillRow>;
  #resolve!: (summary: BillRow) => void;
  #reject!: (error: unknown) => void;

  private constructor(source: BillSource) {
    this.#source = source;
    this.#summary = new Promise<BillRow>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    // A rejection nobody asked for is not an unhandled one: summary() hands out this same promise.
    this.#summary.catch(() => undefined);
  }

  /** Prepare to read a bill from `source`; nothing is read until `rows()`, iteration or `summary()`. */
  static parse(source: BillSource): Bill {
    if (!isSource(source)) {
      throw new ParameterError('source', 'expected a string, bytes, a file: URL, a Readable or an async iterable of chunks');
    }
    if (source instanceof URL && source.protocol !== 'file:') {
      throw new ParameterError('source', `a URL source must be a file: URL, not ${source.protocol} (download the bill first, or pass its body)`);
    }
    return new Bill(source);
  }

  /** The record columns, once the header row has been read. */
  get columns(): readonly string[] | undefined {
    return this.#columns;
  }

  /** How many records have been read so far (all of them once `summary()` has resolved). */
  get rowCount(): number {
    return this.#count;
  }

  /**
   * The records, one at a time, in file order. A bill streams once: a second call throws a ParameterError. Breaking
   * out of the loop closes the source, and `summary()` then rejects with `ERR_BILL_INCOMPLETE`.
   */
  rows(): AsyncIterableIterator<BillRow> {
    if (this.#started) {
      throw new ParameterError('rows', 'a bill streams once; parse the source again to read it again');
    }
    this.#started = true;
    return this.#read();
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<BillRow> {
    return this.rows();
  }

  /** The summary row keyed by the summary header, e.g. `{ 总交易单数: '3', 应结订单总金额: '1.50', … }`. */
  summary(): Promise<BillRow> {
    if (!this.#started) {
      const rows = this.rows();
      void (async () => {
        // Drain without keeping anything; a failure already rejects the summary.
        try {
          while (!(await rows.next()).done);
        } catch {
          /* reported through #reject */
        }
      })();
    }
    return this.#summary;
  }

  async *#read(): AsyncGenerator<BillRow, void, undefined> {
    // Loaded by the first bill read, not with the package (webpack: in the bundle itself, not a chunk beside it).
    const { CsvError, parse } = await import(/* webpackMode: "eager" */ 'csv-parse');
    const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true });
    // Errors of the source surface through the parser: pipeline destroys it with them.
    pipeline(toReadable(this.#source), parser, () => undefined);
    let stage: Stage = 'header';
    let columns: string[] = [];
    let summaryColumns: string[] = [];
    let line = 0;
    let summary: BillRow | undefined;
    let finished = false;
    try {
      try {
        for await (const { record, info } of parser as AsyncIterable<Parsed>) {
          line = info.lines;
          const cells = record.map((cell) => cell.trim());
          if (stage === 'header') {
            columns = headerOf(cells, line, 'record');
            this.#columns = columns;
            stage = 'records';
          } else if (stage === 'records') {
            if (!cells.some(isTicked)) {
              summaryColumns = headerOf(cells, line, 'summary');
              stage = 'summary';
            } else {
              const row = rowOf(cells, columns, line, 'record');
              this.#count += 1;
              yield row;
            }
          } else if (stage === 'summary') {
            summary = rowOf(cells, summaryColumns, line, 'summary');
            stage = 'done';
          } else {
            throw new BillError('trailing_data', line, 'a row follows the summary row');
          }
        }
      } catch (error) {
        if (error instanceof CsvError) throw malformed(error, line);
        if (error instanceof BillError) throw error;
        // The source failed (a file that cannot be opened, a stream that errored): its error is the cause.
        const code = (error as NodeJS.ErrnoException | undefined)?.code;
        throw new BillError(
          'source',
          line,
          `the source could not be read (${typeof code === 'string' ? code : error instanceof Error ? error.name : 'error'})`,
          { cause: error },
        );
      }
      if (stage === 'header') {
        throw new BillError('no_header', line, 'the bill is empty: no header row');
      }
      if (stage !== 'done' || summary === undefined) {
        throw new BillError(
          'no_summary',
          line,
          stage === 'records' ? 'the bill ends without a summary block' : 'the bill ends after the summary header, without a summary row',
        );
      }
      finished = true;
      // Only now: a row after the summary row must fail the summary too.
      this.#resolve(summary);
    } catch (error) {
      finished = true;
      this.#reject(error);
      throw error;
    } finally {
      if (!finished) {
        parser.destroy();
        this.#reject(new BillError('incomplete', 0, 'the rows were abandoned before the summary was read'));
      }
    }
  }
}

function isTicked(cell: string): boolean {
  return cell.startsWith('`');
}

function headerOf(cells: string[], line: number, which: 'record' | 'summary'): string[] {
  // Only the record header can hold a ticked cell here: a row without any is what marks the summary header.
  if (cells.some(isTicked)) {
    throw new BillError('no_header', line, 'the first row is a record (its cells start with a backtick), not a row of column names');
  }
  const empty = cells.indexOf('');
  if (empty !== -1) {
    throw new BillError('no_header', line, `the ${which} header's column ${empty + 1} has no name`);
  }
  const seen = new Set<string>();
  cells.forEach((cell, index) => {
    if (seen.has(cell)) {
      throw new BillError('duplicate_column', line, `the ${which} header names column ${index + 1} as an earlier one`);
    }
    seen.add(cell);
  });
  return cells;
}

function rowOf(cells: string[], columns: string[], line: number, which: 'record' | 'summary'): BillRow {
  if (cells.length !== columns.length) {
    throw new BillError('column_count', line, `the ${which} row has ${cells.length} cells, its header ${columns.length}`);
  }
  const missing = cells.findIndex((cell) => !isTicked(cell));
  if (missing !== -1) {
    throw new BillError('missing_backtick', line, `cell ${missing + 1} of the ${which} row has no leading backtick`);
  }
  // fromEntries defines own properties, so a column named __proto__ stays a plain key.
  return Object.fromEntries(columns.map((column, index) => [column, cells[index]!.slice(1).trim()]));
}

function malformed(error: CsvError, fallback: number): BillError {
  const lines = typeof error.lines === 'number' ? error.lines : fallback;
  // The parser's message may quote the file; keep only its code.
  return new BillError('malformed_csv', lines, `the CSV does not parse (${error.code})`, { cause: { code: error.code } });
}

function isSource(source: unknown): source is BillSource {
  return (
    typeof source === 'string' ||
    source instanceof Uint8Array ||
    source instanceof URL ||
    source instanceof Readable ||
    (typeof source === 'object' && source !== null && Symbol.asyncIterator in source)
  );
}

function toReadable(source: BillSource): Readable {
  if (typeof source === 'string') {
    return Readable.from([source]);
  }
  if (source instanceof Uint8Array) {
    return Readable.from([toBuffer(source)]);
  }
  if (source instanceof URL) {
    return createReadStream(source);
  }
  return fromIterable(source);
}

/**
 * A byte stream over any async iterable (a Readable included). Unlike `Readable.from`, destroying it calls the
 * source's `return()` at once, so abandoning a bill closes a file or a socket even while a read is pending.
 */
function fromIterable(source: AsyncIterable<Uint8Array | string>): Readable {
  const iterator = source[Symbol.asyncIterator]();
  let reading = false;
  return new Readable({
    read() {
      if (reading) return;
      reading = true;
      void (async () => {
        try {
          for (;;) {
            const next = await iterator.next();
            if (next.done) {
              this.push(null);
              return;
            }
            const chunk = next.value;
            if (chunk.length === 0) continue;
            if (!this.push(typeof chunk === 'string' ? chunk : toBuffer(chunk))) return;
          }
        } catch (error) {
          this.destroy(error as Error);
        } finally {
          reading = false;
        }
      })();
    },
    destroy(error, callback) {
      // A Readable's own iterator waits for a pending read before it returns; destroy the stream itself.
      if (source instanceof Readable) source.destroy();
      Promise.resolve(iterator.return?.()).catch(() => undefined);
      callback(error);
    },
  });
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

import { WechatpayError } from './wechatpay-error.js';

/**
 * What was wrong with a bill; the `code` is `ERR_BILL_` and this in capitals.
 *
 * - `no_header`: the file is empty, or its first row is not a row of column names.
 * - `duplicate_column`: a header names the same column twice.
 * - `column_count`: a row has a different number of cells than its header.
 * - `missing_backtick`: a record or summary row has a cell without WeChat Pay's leading backtick.
 * - `no_summary`: the file ends before its summary block (header and row) is complete.
 * - `trailing_data`: there are rows after the summary row.
 * - `malformed_csv`: the CSV itself does not parse (an unclosed quote, a stray quote, ...).
 * - `incomplete`: the summary was asked for, but the rows were abandoned before the end.
 * - `source`: the source itself could not be read (a file that cannot be opened, a stream that failed); `cause` is its error.
 */
export type BillProblem =
  | 'no_header'
  | 'duplicate_column'
  | 'column_count'
  | 'missing_backtick'
  | 'no_summary'
  | 'trailing_data'
  | 'malformed_csv'
  | 'incomplete'
  | 'source';

/**
 * A bill (交易账单, 资金账单) could not be read. `line` is the 1-based line of the source where the problem was found
 * (0 when no line applies). Bills hold customer data, so the message names only the line and what was wrong, never a
 * cell's value; `cause`, when present, keeps only the CSV parser's error code.
 */
export class BillError extends WechatpayError {
  override name = 'BillError';
  readonly reason: BillProblem;
  readonly line: number;

  constructor(reason: BillProblem, line: number, message: string, options?: { cause?: unknown }) {
    super(line > 0 ? `line ${line}: ${message}` : message, `ERR_BILL_${reason.toUpperCase()}`, options);
    this.reason = reason;
    this.line = line;
  }

  /** @deprecated Use {@link BillError.reason}, the same value under the name every error class uses. */
  get problem(): BillProblem {
    return this.reason;
  }

  override toJSON() {
    return { ...super.toJSON(), line: this.line };
  }
}

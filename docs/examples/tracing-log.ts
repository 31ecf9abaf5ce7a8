import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { CALL_CHANNELS, type CallTrace, RETRY_CHANNEL, type RetryMessage } from 'wechatpay-ts';

/** One log record: a call that ended, or an attempt that failed and is tried again. */
export type CallRecord = { msg: 'wechatpay call' } & CallTrace;
export type RetryRecord = { msg: 'wechatpay retry' } & RetryMessage;
export type LogRecord = CallRecord | RetryRecord;

/** The default writer: one JSON line on stdout. With pino, pass `(record) => logger.info(record)`. */
const jsonLine = (record: LogRecord) => process.stdout.write(`${JSON.stringify(record)}\n`);

/** Logs every call of every wechatpay-ts client, and every retry; returns the function that stops it. */
export function logWechatpay(write: (record: LogRecord) => void = jsonLine): () => void {
  const onCall = (message: unknown): void => {
    const call = message as CallTrace;
    // The message is the call's own object: copy it, with the duration rounded to a tenth of a millisecond.
    write({ msg: 'wechatpay call', ...call, durationMs: call.durationMs && Math.round(call.durationMs * 10) / 10 });
  };
  // A synchronous call is over at `end`; an asynchronous one at `asyncEnd`.
  const onEnd = (message: unknown): void => {
    if ((message as CallTrace).sync) onCall(message);
  };
  const onRetry = (message: unknown): void => write({ msg: 'wechatpay retry', ...(message as RetryMessage) });

  subscribe(CALL_CHANNELS.end, onEnd);
  subscribe(CALL_CHANNELS.asyncEnd, onCall);
  subscribe(RETRY_CHANNEL, onRetry);
  return () => {
    unsubscribe(CALL_CHANNELS.end, onEnd);
    unsubscribe(CALL_CHANNELS.asyncEnd, onCall);
    unsubscribe(RETRY_CHANNEL, onRetry);
  };
}

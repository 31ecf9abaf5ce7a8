import { AsyncLocalStorage } from 'node:async_hooks';
import { subscribe, tracingChannel, unsubscribe } from 'node:diagnostics_channel';
import { type Attributes, type Context, context, type Span, SpanKind, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import { CALL_CHANNEL, type CallTrace, RETRY_CHANNEL, type RetryMessage } from 'wechatpay-ts';

export interface TraceOptions {
  /**
   * The AsyncLocalStorage behind your OpenTelemetry context manager (see `StoreContextManager`). With it, the
   * call's span is the active span for all the call runs on the caller's thread: your middleware, and the HTTP
   * spans of an undici instrumentation in asynchronous calls. Without it, the span is still a child of the span
   * active when the call began, but nothing inside the call sees it.
   */
  store?: AsyncLocalStorage<Context>;
}

/** Starts a client span for each call of every wechatpay-ts client; returns the function that stops it. */
export function traceWechatpay(tracer: Tracer, options: TraceOptions = {}): () => void {
  const channel = tracingChannel<object, CallTrace>(CALL_CHANNEL);
  const spans = new WeakMap<CallTrace, Span>();
  // Our own store, bound to the call: a retry message is published inside the call, and this finds its span.
  const calls = new AsyncLocalStorage<CallTrace>();

  const open = (call: CallTrace): Span => {
    let span = spans.get(call);
    if (span) return span;
    // The span active when the call began (context.active()) becomes the parent.
    span = tracer.startSpan(`${call.method} ${call.template}`, { kind: SpanKind.CLIENT, attributes: startAttributes(call) }, context.active());
    spans.set(call, span);
    return span;
  };

  const close = (call: CallTrace): void => {
    const span = spans.get(call);
    if (!span) return;
    spans.delete(call);
    span.setAttributes(endAttributes(call));
    if (call.error) {
      span.recordException({ name: call.error.name, message: call.error.message, code: call.error.code });
      span.setStatus({ code: SpanStatusCode.ERROR, message: call.error.message });
    }
    span.end();
  };

  const onRetry = (message: unknown): void => {
    const call = calls.getStore();
    const span = call && spans.get(call);
    if (span) span.addEvent('wechatpay.retry', retryAttributes(message as RetryMessage));
  };

  // Node's types ask for all five handlers. A synchronous call is over at `end`; an asynchronous one at `asyncEnd`
  // (its `end` only means the promise was handed back).
  const handlers = {
    start: (call: CallTrace) => void open(call),
    end: (call: CallTrace) => (call.sync ? close(call) : undefined),
    asyncStart: () => {},
    asyncEnd: close,
    error: () => {},
  };

  const { store } = options;
  // The transforms run before `start` is published, in the caller's context: the span is made there.
  channel.start.bindStore(calls, (call) => call);
  if (store) channel.start.bindStore(store, (call) => trace.setSpan(context.active(), open(call)));
  channel.subscribe(handlers);
  subscribe(RETRY_CHANNEL, onRetry);

  return () => {
    unsubscribe(RETRY_CHANNEL, onRetry);
    channel.unsubscribe(handlers);
    channel.start.unbindStore(calls);
    if (store) channel.start.unbindStore(store);
  };
}

/** Known at `start`: the OpenTelemetry HTTP client attributes, where a call has them. */
function startAttributes(call: CallTrace): Attributes {
  return {
    'http.request.method': call.method,
    // An absolute path template, as the conventions ask; the chain's own has no leading `/`.
    'url.template': `/${call.template}`,
    ...server(call.host),
    'wechatpay.sync': call.sync,
  };
}

/** `host` is a name and a port when not the default (WeChat Pay's hosts are all HTTPS). */
function server(host: string): Attributes {
  const { hostname, port } = new URL(`https://${host}`);
  return { 'server.address': hostname.replace(/^\[|\]$/g, ''), 'server.port': port === '' ? 443 : Number(port) };
}

/** Known once the call ended. */
function endAttributes(call: CallTrace): Attributes {
  // `host` is now the last attempt's: the backup host, when the call moved there.
  const attributes: Attributes = server(call.host);
  if (call.path !== undefined) attributes['url.path'] = call.path;
  if (call.status !== undefined) attributes['http.response.status_code'] = call.status;
  if (call.requestId !== undefined) attributes['wechatpay.request_id'] = call.requestId;
  if (call.attempts !== undefined) attributes['wechatpay.attempts'] = call.attempts;
  if (call.error) {
    // The conventions: the status code for an HTTP error, otherwise a short, stable name of the failure.
    attributes['error.type'] = call.status !== undefined && call.status >= 400 ? String(call.status) : (call.error.code ?? call.error.name);
    if (call.error.code !== undefined) attributes['wechatpay.error_code'] = call.error.code;
  }
  return attributes;
}

function retryAttributes(retry: RetryMessage): Attributes {
  const attributes: Attributes = {
    'wechatpay.attempt': retry.attempt,
    ...server(retry.host),
    'wechatpay.next_host': retry.nextHost,
    'wechatpay.delay_ms': retry.delayMs,
    'error.type': retry.status !== undefined && retry.status >= 400 ? String(retry.status) : (retry.error.code ?? retry.error.name),
  };
  if (retry.status !== undefined) attributes['http.response.status_code'] = retry.status;
  if (retry.requestId !== undefined) attributes['wechatpay.request_id'] = retry.requestId;
  if (retry.error.code !== undefined) attributes['wechatpay.error_code'] = retry.error.code;
  return attributes;
}

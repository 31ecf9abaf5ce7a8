import { context, type Tracer, trace } from '@opentelemetry/api';
import { StoreContextManager } from './otel-context.js';
import { traceWechatpay } from './tracing-otel.js';

/**
 * Once at start-up, before the first call: a context manager whose store the call channel can bind, and the
 * recipe. With the Node SDK, pass the manager as its `contextManager` instead of setting it here.
 */
export function startTracing(tracer: Tracer = trace.getTracer('wechatpay-ts')): () => void {
  const manager = new StoreContextManager();
  context.setGlobalContextManager(manager);
  const stop = traceWechatpay(tracer, { store: manager.store });
  return () => {
    stop();
    context.disable();
  };
}

import { AsyncLocalStorage } from 'node:async_hooks';
import { type Context, ROOT_CONTEXT } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';

/**
 * OpenTelemetry's AsyncLocalStorage context manager, with its AsyncLocalStorage in reach (the stock one keeps it
 * private), so that a diagnostics channel can bind it. Everything else, event emitters included, works as before.
 */
export class StoreContextManager extends AsyncLocalStorageContextManager {
  readonly store = new AsyncLocalStorage<Context>();

  override active(): Context {
    return this.store.getStore() ?? ROOT_CONTEXT;
  }

  override with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    context: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    return this.store.run(context, thisArg == null ? fn : fn.bind(thisArg), ...args);
  }

  override attach(context: Context): { dispose(): void } {
    const previous = this.active();
    this.store.enterWith(context);
    return { dispose: () => this.store.enterWith(previous) };
  }

  override disable(): this {
    this.store.disable();
    return this;
  }
}

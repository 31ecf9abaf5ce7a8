import type { Faults } from './faults.js';
import type { Reply } from './reply.js';

/** What a route handler receives. */
export interface RouteInput {
  /** Path placeholder values, decoded. */
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body, or `undefined` when there was none. */
  json: unknown;
  /** The parts of a multipart upload (then `json` is `undefined`). */
  form: FormData | undefined;
  mchid: string;
  /** The faults asked for, for routes that apply them themselves (a download's `tamper-body`). */
  faults: Faults;
}

export type RouteHandler = (input: RouteInput) => Reply | Promise<Reply>;

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: RouteHandler;
}

/** Routes by the catalog's path templates (`v3/…/{out_order_no}/complete`), so catalog entries can be mounted as they are. */
export class Router {
  #routes: Route[] = [];

  add(method: string, template: string, handler: RouteHandler): this {
    const names: string[] = [];
    const source = template
      .split('/')
      .map((segment) =>
        segment.replace(/\{([^}]+)\}|[^{]+/g, (part, name?: string) => {
          if (name === undefined) return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
          names.push(name);
          return '([^/]+)';
        }),
      )
      .join('/');
    this.#routes.push({ method, pattern: new RegExp(`^/${source}$`), names, handler });
    return this;
  }

  match(method: string, pathname: string): { handler: RouteHandler; params: Record<string, string> } | undefined {
    for (const route of this.#routes) {
      if (route.method !== method) continue;
      const found = route.pattern.exec(pathname);
      if (!found) continue;
      const params = Object.fromEntries(route.names.map((name, i) => [name, decodeURIComponent(found[i + 1] ?? '')]));
      return { handler: route.handler, params };
    }
    return undefined;
  }
}

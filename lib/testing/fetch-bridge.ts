import type { Readable } from 'node:stream';
import type { Engine, EngineAnswer } from '../simulator/engine.js';

/**
 * Carries a WHATWG request to the engine and its answer back, as the HTTP server does with sockets: the same
 * checks, routes, ledger and signatures.
 */
export async function answerFetch(engine: Engine, request: Request): Promise<Response> {
  const url = new URL(request.url);
  const target = `${url.pathname}${url.search}`;
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  const bytes = Buffer.from(await request.arrayBuffer());
  const limit = engine.bodyLimit(request.method, target, headers['content-type']);
  // No TLS here: a client certificate is never shown, so APIv2 `secapi/…` refuses, as the simulator does without one.
  const answer = await engine.handle({
    method: request.method,
    target,
    headers,
    body: bytes.length > limit ? undefined : bytes,
    clientCertificate: false,
  });
  return toResponse(answer, request.signal);
}

async function toResponse(answer: EngineAnswer, signal: AbortSignal): Promise<Response> {
  if ('drop' in answer) {
    // `hang` waits for the caller to give up (its timeout aborts the request); `reset` is a network error.
    if (answer.drop === 'hang') await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    return Response.error();
  }
  const body = Buffer.isBuffer(answer.body) ? answer.body : Buffer.concat(await (answer.body as Readable).toArray());
  // A 204 (or any empty answer) has no body at all, as fetch requires.
  return new Response(body.length > 0 ? body : null, { status: answer.status, headers: answer.headers });
}

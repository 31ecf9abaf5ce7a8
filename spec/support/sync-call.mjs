// For the preloads that watch the synchronous transport's worker (break-, stall-, count-sync-workers.mjs): what a
// message on the worker's port says about a call. A call comes either as a message holding its request, or as a
// short list of numbers announcing a request written into the shared buffer (`workerData.shared`, SharedCall in
// lib/transports/sync-protocol.ts: `[id, pools, textBytes, …]`, the text being `method\norigin\npath\n…`).

/** Whether a message on the port is a call (a client's pools are described in messages of their own). */
export function isCall(message) {
  return Array.isArray(message) || message?.request !== undefined;
}

/** The path of the call's request, or undefined for a message that is not a call. */
export function callPath(message, shared) {
  if (message?.request) return message.request.path;
  if (!Array.isArray(message)) return undefined;
  const text = Buffer.from(shared).toString('latin1', 0, message[2]);
  return text.split('\n')[2];
}

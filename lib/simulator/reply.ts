/** What a route answers; the simulator serialises and signs it. */
export interface Reply {
  status: number;
  json: unknown;
}

export function errorReply(status: number, code: string, message: string, detail?: unknown): Reply {
  return { status, json: detail === undefined ? { code, message } : { code, message, detail } };
}

import { createHash } from 'node:crypto';
import { errorReply, type Reply } from '../reply.js';

/** `POST v3/payscore/smartretail-orders/{out_order_no}/complete`: 完结智慧零售订单 (fields as in the catalog). */
export const SMARTRETAIL_COMPLETE = 'v3/payscore/smartretail-orders/{out_order_no}/complete';

/** The rules of the route beyond the catalog's fields; the ledger keeps the completion (ledger.ts). */
export function smartretailOrdersComplete({ params, json, mchid }: { params: Record<string, string>; json: unknown; mchid: string }): Reply {
  const outOrderNo = params.out_order_no ?? '';
  if (!/^[0-9A-Za-z_|*@-]{1,32}$/.test(outOrderNo)) return paramError('out_order_no', 'must be 1 to 32 letters, digits or _-|*@');
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return paramError('json', 'the body must be a JSON object');
  const body = json as Record<string, unknown>;
  for (const name of ['appid', 'service_id'] as const) {
    if (typeof body[name] !== 'string' || body[name] === '') return paramError(name, 'is required');
  }
  const finishType = body.finish_type ?? 2;
  if (finishType !== 1 && finishType !== 2) return paramError('finish_type', 'must be 1 (cancelled) or 2 (used)');
  if (finishType === 1 && typeof body.cancel_reason !== 'string') return paramError('cancel_reason', 'is required when finish_type is 1');
  if (finishType === 2 && !(Number.isInteger(body.total_amount) && (body.total_amount as number) >= 0)) {
    return paramError('total_amount', 'must be an integer number of fen, 0 or more, when finish_type is 2');
  }
  for (const name of ['fees', 'discounts'] as const) {
    if (body[name] !== undefined && !Array.isArray(body[name])) return paramError(name, 'must be an array');
  }
  return {
    status: 200,
    json: {
      appid: body.appid,
      mchid,
      out_order_no: outOrderNo,
      service_id: body.service_id,
      // The same order always gets the same WeChat Pay order id, as completing it twice would.
      order_id: BigInt(`0x${createHash('sha256').update(`${mchid}/${outOrderNo}`).digest('hex').slice(0, 15)}`)
        .toString()
        .padStart(20, '1'),
    },
  };
}

function paramError(field: string, issue: string): Reply {
  return errorReply(400, 'PARAM_ERROR', `参数错误: ${field} ${issue}`, { field, location: 'body', issue });
}

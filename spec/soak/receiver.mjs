// One of the soak's two callback receivers, each a process of its own, as two instances of a merchant's service
// behind a load balancer: a node:http server with `Notification.nodeHandler`, sharing one Redis store (when the
// build has one) so that a payment is handled once whichever instance a callback or its replay reaches.
//
// argv[2]: JSON { apiV3Key, certs, redisURL?, prefix, failRate }. IPC to the parent: { listening: { url, store } },
// { handled: outTradeNo } after the handler succeeded, { handlerFailed: outTradeNo }, { answered: status },
// { refused: code } for a callback refused before the handler. 'stats' asks for { stats }.
import { createServer } from 'node:http';
import { Notification } from 'wechatpay-ts';

if (!process.send) throw new Error('receiver.mjs must be started with child_process.fork');
const { apiV3Key, certs, redisURL, prefix, failRate = 0 } = JSON.parse(process.argv[2] ?? '{}');

const { store, storeName, closeStore } = await openStore();
const notification = new Notification({ apiV3Key, certs, ...(store && { store }) });
const statuses = {};
const refused = {};

const handler = notification.nodeHandler(
  async (event) => {
    const outTradeNo = event.resource.out_trade_no;
    // Some work, so that a replay arriving at the other instance meets this one in flight.
    await new Promise((resolve) => setTimeout(resolve, 2 + Math.random() * 30));
    if (Math.random() < failRate) {
      process.send({ handlerFailed: outTradeNo });
      throw new Error('the order could not be saved (soak: a handler failure, so WeChat Pay retries)');
    }
    process.send({ handled: outTradeNo });
  },
  {
    // Refusals (a WechatpayError with a code) and the handler's own failures, which process.send already counted.
    onError: (error) => {
      if (error?.code === undefined) return;
      refused[error.code] = (refused[error.code] ?? 0) + 1;
    },
  },
);

const server = createServer((req, res) => {
  res.on('finish', () => {
    statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
  });
  handler(req, res);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));

process.on('message', (message) => {
  if (message === 'stats') process.send({ stats: { pid: process.pid, statuses, refused, store: storeName } });
});
process.on('disconnect', () => {
  server.closeAllConnections();
  server.close();
  void closeStore().finally(() => process.exit(0));
});
process.send({ listening: { url: `http://127.0.0.1:${server.address().port}/wechatpay/notify`, store: storeName } });

/** The shared store from `wechatpay-ts/redis`, if this build has it (and a Redis client library). */
async function openStore() {
  const none = (why) => ({ store: undefined, storeName: `none (${why})`, closeStore: async () => {} });
  if (!redisURL) return none('no Redis');
  let redisStore;
  let createClient;
  try {
    ({ redisStore } = await import('wechatpay-ts/redis'));
  } catch (error) {
    return none(`wechatpay-ts/redis: ${error.code ?? error.message}`);
  }
  try {
    ({ createClient } = await import('redis'));
  } catch (error) {
    return none(`redis client: ${error.code ?? error.message}`);
  }
  const client = createClient({ url: redisURL });
  client.on('error', () => {});
  await client.connect();
  return { store: redisStore(client, { prefix }), storeName: 'redis', closeStore: () => client.quit().catch(() => {}) };
}

// One server in a process of its own, so that `process.cpuUsage()` here counts the server's work and nothing of
// the client's. `node server-process.mjs simulator|echo`, forked with the keys in the `BENCH_KEYS` variable.
//
// IPC: sends `{ baseURL }` once listening; answers 'cpu' with `{ cpu }` (user + system microseconds so far);
// stops on 'close' or when the parent goes away.
import { startSimulator } from 'wechatpay-ts/simulator';
import { startEcho } from './echo-server.mjs';

if (!process.send) throw new Error('server-process.mjs must be started with child_process.fork');
const keys = JSON.parse(process.env.BENCH_KEYS ?? '{}');
const kind = process.argv[2];
const server =
  kind === 'simulator'
    ? await startSimulator({ merchant: keys.merchant, platform: keys.platform })
    : kind === 'echo'
      ? await startEcho(keys.platform)
      : undefined;
if (!server) throw new Error(`server-process.mjs: unknown server ${kind}`);

let closing = false;
const stop = async () => {
  if (closing) return;
  closing = true;
  await server.close();
  if (process.connected) process.disconnect();
};
process.on('message', (message) => {
  if (message === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send({ cpu: user + system });
  } else if (message === 'close') void stop();
});
process.on('disconnect', () => void stop());
process.send({ baseURL: server.baseURL });

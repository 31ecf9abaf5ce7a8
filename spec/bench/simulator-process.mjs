// The simulator in a child process of its own, for call-cpu.bench.ts: `process.cpuUsage()` counts every thread of
// a process, so a server in the measured process (even in a worker thread) would be billed to the client.
// Plain JavaScript because Node 20 cannot run TypeScript; it uses the built package (dist/).
//
// Protocol (IPC): the child sends `{ config }` (the simulator's ready `Builder.factory` config) once listening;
// the parent sends 'close' to stop it. It also stops when the parent goes away.
import { startSimulator } from 'wechatpay-ts/simulator';

if (!process.send) throw new Error('simulator-process.mjs must be started with child_process.fork');

const simulator = await startSimulator();
let closing = false;
const stop = async () => {
  if (closing) return;
  closing = true;
  await simulator.close();
  if (process.connected) process.disconnect();
};
process.on('message', (message) => {
  if (message === 'close') void stop();
});
process.on('disconnect', () => void stop());
process.send({ config: simulator.config });

// The simulator in its own process for the file benchmarks, so its memory is not counted with the client's.
// IPC: sends `{ config }` once listening; answers `{ serve: path }` with the `serveFile` answer; stops on 'close'.
import { startSimulator } from 'wechatpay-ts/simulator';

if (!process.send) throw new Error('simulator-child.mjs must be started with child_process.fork');
const simulator = await startSimulator();
process.on('message', async (message) => {
  if (message === 'close') {
    await simulator.close();
    process.disconnect();
  } else if (message.serve) {
    process.send({ served: await simulator.serveFile(message.serve) });
  }
});
process.on('disconnect', () => void simulator.close());
process.send({ config: simulator.config });

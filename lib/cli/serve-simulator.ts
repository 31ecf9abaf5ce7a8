import { startSimulator } from '../simulator/start-simulator.js';

/** Runs the simulator until interrupted, printing a client configuration that works with it. */
export async function serveSimulator(port: number, print: (line: string) => void = console.log): Promise<void> {
  const simulator = await startSimulator({ port });
  print(`WeChat Pay simulator listening at ${simulator.baseURL}`);
  print('Builder.factory(config) with this config (fresh keys, valid until the simulator stops):');
  print(JSON.stringify(simulator.config, null, 2));
  const stop = () => void simulator.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

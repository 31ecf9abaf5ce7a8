import { writeFileSync } from 'node:fs';
import { startSimulator } from '../simulator/start-simulator.js';

/**
 * Runs the simulator until interrupted, printing a client configuration that works with it (and writing it to
 * `configOut`, for `wechatpay … --config FILE` and for tests, once the simulator listens).
 */
export async function serveSimulator(port: number, configOut?: string, print: (line: string) => void = console.log): Promise<void> {
  const simulator = await startSimulator({ port });
  const config = JSON.stringify(simulator.config, null, 2);
  if (configOut) writeFileSync(configOut, `${config}\n`, { mode: 0o600 });
  print(`WeChat Pay simulator listening at ${simulator.baseURL}`);
  print('Builder.factory(config) with this config (throwaway keys, valid until the simulator stops):');
  print(config);
  const stop = () => void simulator.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

import { generateKeyPairSync, randomInt } from 'node:crypto';
import { ConfigError } from '../errors/config-error.js';
import { startSimulator } from '../simulator/start-simulator.js';
import { writePrivateFile } from '../utils/write-private-file.js';

/** What `simulate --config-out` writes: a client configuration, the APIv3 key, and what `simulate notify` signs with. */
export interface SimulatorConfigFile {
  mchid: string;
  serial: string;
  privateKey: string;
  certs: Record<string, string>;
  baseURL: string;
  apiV3Key: string;
  /** The simulator's own throwaway platform key, so `wechatpay simulate notify -c FILE` signs as it does. */
  simulator: { platform: { serial: string; privateKey: string } };
}

/**
 * Runs the simulator until interrupted, printing a client configuration that works with it (and writing it to
 * `configOut`, for `wechatpay … --config FILE`, `simulate notify` and tests, once the simulator listens).
 */
export async function serveSimulator(port: number, configOut?: string, print: (line: string) => void = console.log): Promise<void> {
  // The platform key is made here, not in the simulator, so that `simulate notify` can sign callbacks with it.
  const platform = {
    serial: `PUB_KEY_ID_01${Array.from({ length: 26 }, () => randomInt(10)).join('')}`,
    privateKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  };
  const simulator = await startSimulator({ port, platform });
  const file: SimulatorConfigFile = { ...simulator.config, apiV3Key: simulator.apiV3Key, simulator: { platform } };
  if (configOut) {
    // It holds private keys: 0600 even over an existing file of another mode.
    try {
      writePrivateFile(configOut, `${JSON.stringify(file, null, 2)}\n`);
    } catch (error) {
      await simulator.close();
      throw new ConfigError('--config-out', `cannot write ${configOut}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    }
  }
  print(`WeChat Pay simulator listening at ${simulator.baseURL}`);
  print('Builder.factory(config) with this config (throwaway keys, valid until the simulator stops):');
  print(JSON.stringify(simulator.config, null, 2));
  print(`APIv3 key for new Notification({ apiV3Key, certs }): ${simulator.apiV3Key}`);
  if (configOut)
    print(`Written with the simulator's platform key to ${configOut}; send callbacks with: wechatpay simulate notify EVENT --to URL -c ${configOut}`);
  const stop = () => void simulator.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

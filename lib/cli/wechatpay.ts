#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { demo } from './demo.js';
import { serveSimulator } from './serve-simulator.js';

const USAGE = `Usage: wechatpay <command>

Commands:
  demo                      Start the local simulator, make a signed call in all six styles, print, stop.
  simulator [--port N]      Run the local WeChat Pay APIv3 simulator until Ctrl-C.
`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { port: { type: 'string', default: '0' }, help: { type: 'boolean', short: 'h' } },
});

const [command] = positionals;
if (values.help || command === undefined) {
  process.stdout.write(USAGE);
  process.exitCode = command === undefined && !values.help ? 1 : 0;
} else if (command === 'demo') {
  await demo();
} else if (command === 'simulator') {
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`--port must be a port number, got ${values.port}\n`);
    process.exitCode = 2;
  } else {
    await serveSimulator(port);
  }
} else {
  process.stderr.write(`unknown command: ${command}\n\n${USAGE}`);
  process.exitCode = 2;
}

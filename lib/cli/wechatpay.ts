#!/usr/bin/env node
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { VERSION } from '../version.js';
// Each command's module (the client, the simulator, the progress bar…) loads when that command runs: `--version`
// and `--help` load commander alone.

const collect = (value: string, previous: string[] = []) => [...previous, value];
/** Every user of the machine can read a command's arguments: secret flags name where the secret is. */
const SECRET_FLAG = 'a file path, file:// URL or env:NAME, never the key itself';
const SECRETS_HELP = `
Secrets: --private-key (and --api-v3-key of crt) take a file path, a file:// URL or env:NAME (a variable
that holds the secret), never the secret itself, which every user of the machine could read in the process
list. WECHATPAY_PRIVATE_KEY and WECHATPAY_APIV3_KEY may hold the secrets themselves.`;

const program = new Command('wechatpay')
  .description('WeChat Pay from the shell: signed and verified calls, and a local simulator.')
  .version(VERSION)
  .enablePositionalOptions()
  .exitOverride()
  .configureOutput({ writeErr: (text) => process.stderr.write(text) });

program
  .command('demo')
  .description("start the local simulator, complete an order in all six styles, play one order's life (pay, callback, refund, bill), print, stop")
  .action(async () => (await import('./demo.js')).demo());

program
  .command('crt')
  .description('download platform certificates, verify them, and save them as wechatpay_SERIAL.pem')
  .option('-m, --mchid <mchid>', 'merchant id   [env WECHATPAY_MCHID]')
  .option('-s, --serial <serial>', 'merchant API certificate serial   [env WECHATPAY_SERIAL]')
  .option('-f, --private-key <path>', `merchant API private key: ${SECRET_FLAG}   [env WECHATPAY_PRIVATE_KEY]`)
  .option('-k, --api-v3-key <path>', `the APIv3 key: ${SECRET_FLAG}   [env WECHATPAY_APIV3_KEY]`)
  .option('-o, --output <dir>', 'where to save the certificates (without it, they are printed)')
  .option('-c, --config <file>', 'JSON file with mchid, serial, privateKey, apiV3Key, baseURL   [env WECHATPAY_CONFIG]')
  .option('--base-url <url>', 'default https://api.mch.weixin.qq.com/   [env WECHATPAY_BASE_URL]')
  .addHelpText('after', SECRETS_HELP)
  .action(async (options) => (await import('./crt-command.js')).crtCommand(options, (line) => process.stdout.write(`${line}\n`)));

const simulate = program
  .command('simulate')
  .alias('simulator')
  .description('run the local WeChat Pay APIv3 simulator until Ctrl-C, printing a client configuration for it')
  .addOption(new Option('-p, --port <port>', 'port on 127.0.0.1 (0: any free port)').default('0').argParser(port))
  .option(
    '--config-out <file>',
    'also write the configuration (throwaway keys, APIv3 key, platform key) to this JSON file, readable by you only (0600)',
  )
  .action(async (options: { port: number; configOut?: string }) =>
    (await import('./serve-simulator.js')).serveSimulator(options.port, options.configOut),
  );

simulate
  .command('notify')
  .description('send one callback, encrypted and signed as WeChat Pay does, to your handler')
  .argument('<event>', 'event type, e.g. TRANSACTION.SUCCESS')
  .requiredOption('--to <url>', 'where your handler listens')
  .option('-c, --config <file>', 'the file simulate --config-out wrote   [env WECHATPAY_CONFIG]')
  .option('--resource <json>', 'fields to set in the decrypted resource, as JSON')
  .action(async (event: string, options: { to: string; config?: string; resource?: string }) => {
    const { notifyCommand } = await import('./notify-command.js');
    const accepted = await notifyCommand(event, options, (line) => process.stdout.write(`${line}\n`));
    // A refusal by the receiver is what a test of a handler wants to see: report it in the exit code.
    if (!accepted) process.exitCode = 3;
  });

simulate
  .command('pay')
  .description("play the payer of an order in a running simulator: it becomes SUCCESS and the order's callback is sent")
  .argument('<out_trade_no>', 'the order (or combine_out_trade_no of a combined order)')
  .option('-c, --config <file>', 'the file simulate --config-out wrote   [env WECHATPAY_CONFIG]')
  .option('--base-url <url>', 'the simulator, e.g. http://127.0.0.1:8080/   [env WECHATPAY_BASE_URL]')
  .option('--openid <openid>', "the payer's openid")
  .option('--silent', 'pay without sending the callback')
  .action(async (outTradeNo: string, options: { config?: string; baseUrl?: string; openid?: string; silent?: boolean }) => {
    const { simulatePayCommand } = await import('./simulate-pay-command.js');
    const acknowledged = await simulatePayCommand(outTradeNo, options, (line) => process.stdout.write(`${line}\n`));
    // A callback the merchant never acknowledged is what a test of a handler wants to see: report it in the exit code.
    if (!acknowledged) process.exitCode = 3;
  });

withClientOptions(
  program
    .command('download')
    .description('download a bill or other file: from a download_url, or from an apply endpoint whose answer names it')
    .argument('<source>', 'a download_url, or an apply endpoint such as v3/bill/tradebill (with -q bill_date=…)')
    .requiredOption('-o, --output <path>', 'where to save the file (written as PATH.partial, renamed when verified)')
    .option('-q, --query <name=value>', 'query parameter of the apply endpoint (repeatable)', collect)
    .option('--gunzip', 'decompress a bill applied for with tar_type=GZIP')
    .option('--hash-type <type>', 'SHA1, SHA256 or SM3, with --hash-value (an apply answer gives its own)')
    .option('--hash-value <hex>', 'the digest the file must have')
    .option('--no-progress', 'no progress bar (there is none when stderr is not a terminal)')
    .option('-t, --timeout <ms>', 'milliseconds to wait for the answer, then for each pause in the file'),
).action(async (source: string, options) => {
  const { downloadCommand } = await import('./download-command.js');
  await downloadCommand(source, options, (line) => process.stdout.write(`${line}\n`));
});

withClientOptions(
  program
    .argument('[uri]', 'endpoint: v3/pay/transactions/native, or the chain in dots: v3.pay.transactions.native')
    .addOption(new Option('-m, --method <method>', 'HTTP method').default('GET'))
    .option('-d, --data <json>', 'JSON body')
    .option('-q, --query <name=value>', 'query parameter (repeatable)', collect)
    .option('-p, --param <name=value>', 'path placeholder value, e.g. out_trade_no=1217752501 (repeatable)', collect)
    .option('-H, --header <name: value>', 'request header (repeatable)', collect)
    .option('-t, --timeout <ms>', 'milliseconds for the whole exchange'),
)
  .addHelpText(
    'after',
    `
Examples:
  wechatpay simulate --port 8080 --config-out sim.json
  wechatpay simulate notify TRANSACTION.SUCCESS --to http://127.0.0.1:3000/wechatpay/notify -c sim.json
  wechatpay simulate pay ORDER-1 -c sim.json
  wechatpay v3/payscore/smartretail-orders/{out_order_no}/complete -m POST -p out_order_no=A1 \\
      -d '{"appid":"wxd678efh567hg6787","service_id":"500001","total_amount":1200}' -c sim.json
  wechatpay v3.certificates --mchid 1900000001 --serial 1DDE… --private-key apiclient_key.pem --cert PUB_KEY_ID_…=pub_key.pem
  wechatpay download v3/bill/tradebill -q bill_date=2026-11-26 -q tar_type=GZIP --gunzip -o bill.csv -c sim.json

Exit codes: 0 success, 2 usage or configuration, 3 WeChat Pay answered an error (ApiError),
4 the answer could not be verified, 5 network, timeout or abort, 1 anything else.`,
  )
  .action(async (uri: string | undefined, options) => {
    if (uri === undefined) program.help({ error: true });
    // An endpoint has a `/` or a `.`; a bare word is a mistyped command, not a call to configure.
    else if (!/[/.]/.test(uri)) program.error(`error: unknown command '${uri}'`, { code: 'commander.unknownCommand' });
    else await (await import('./call-command.js')).callCommand(uri, options, (line) => process.stdout.write(`${line}\n`));
  });

/** The options that configure a client, shared by the call and download commands. */
function withClientOptions(command: Command): Command {
  return command
    .option('-c, --config <file>', 'JSON file with mchid, serial, privateKey, certs, baseURL   [env WECHATPAY_CONFIG]')
    .option('--mchid <mchid>', 'merchant id   [env WECHATPAY_MCHID]')
    .option('--serial <serial>', 'merchant API certificate serial   [env WECHATPAY_SERIAL]')
    .option('--private-key <path>', `merchant API private key: ${SECRET_FLAG}   [env WECHATPAY_PRIVATE_KEY]`)
    .option('--cert <id=path>', 'WeChat Pay public key or platform certificate by its id (repeatable)   [env WECHATPAY_CERTS=id=path,…]', collect)
    .option('--base-url <url>', 'default https://api.mch.weixin.qq.com/   [env WECHATPAY_BASE_URL]')
    .addHelpText('after', SECRETS_HELP);
}

function port(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || number > 65535) throw new InvalidArgumentError('a port is a whole number from 0 to 65535.');
  return number;
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // commander has printed its message or the help already
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else {
    const { describeError, exitCodeOf } = await import('./exit-code.js');
    process.stderr.write(`${describeError(error)}\n`);
    process.exitCode = exitCodeOf(error);
  }
}

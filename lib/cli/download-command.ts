import cliProgress from 'cli-progress';
import { Builder } from '../chain/builder.js';
import type { DownloadProgress, DownloadResult } from '../types/download-types.js';
import type { DownloadSource } from '../downloads/download-source.js';
import { expectedHash } from '../downloads/download-target.js';
import { ParameterError } from '../errors/parameter-error.js';
import { safeUrl } from '../utils/safe-url.js';
import { cliConfig, type CliConfigSources } from './cli-config.js';

export interface DownloadCommandOptions extends CliConfigSources {
  output: string;
  query?: string[];
  gunzip?: boolean;
  hashType?: string;
  hashValue?: string;
  timeout?: string;
  /** false with --no-progress. */
  progress?: boolean;
}

/** Where the progress goes: a bar on a terminal, nothing otherwise (logs of cron jobs stay clean). */
export interface ProgressOutput {
  isTTY?: boolean;
  write(text: string): unknown;
}

/**
 * `wechatpay download`: from a `download_url`, or from an apply endpoint (`v3/bill/tradebill -q bill_date=…`),
 * whose answer names the file and its digest. Streams the file to `--output`, checking the digest on the way.
 */
export async function downloadCommand(
  source: string,
  options: DownloadCommandOptions,
  print: (line: string) => void,
  progressOutput: ProgressOutput = process.stderr,
): Promise<DownloadResult> {
  const query = Object.fromEntries(
    (options.query ?? []).map((pair) => {
      const at = pair.indexOf('=');
      if (at <= 0) throw new ParameterError('--query', `expects NAME=VALUE, got ${pair}`);
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
  const hash =
    options.hashType !== undefined || options.hashValue !== undefined
      ? expectedHash({ type: options.hashType?.toUpperCase(), value: options.hashValue }, '--hash')
      : undefined;
  const timeout = options.timeout === undefined ? undefined : Number(options.timeout);
  const instance = Builder.factory(cliConfig(options));
  const client = instance.getDriver();
  const bar = options.progress !== false && progressOutput.isTTY ? progressBar(progressOutput) : undefined;
  try {
    let from: DownloadSource = source;
    if (!/^https?:\/\//i.test(source)) {
      const applied = await instance.chain(source).getAsync({ query, ...(timeout !== undefined && { timeout }) });
      from = applied.json<DownloadSource>();
      // The token in the URL is a short-lived credential: the line shows no query value.
      const target = shownUrl(from);
      print(`HTTP ${applied.status} GET ${source} → ${target ?? '(no download_url)'}`);
    }
    const result = await client.download(from, {
      to: options.output,
      gunzip: options.gunzip === true,
      ...(hash && { hash }),
      ...(timeout !== undefined && { timeout }),
      ...(bar && { onProgress: bar.update }),
    });
    bar?.stop();
    const checked = hash ?? (typeof from === 'object' && 'hash_type' in from && from.hash_type ? from.hash_type : undefined);
    print(
      `saved ${result.path}: ${result.written} bytes (${result.received} received), ${checked ? `${typeof checked === 'string' ? checked : checked.type} checked` : 'SHA-256'} ${result.digest}`,
    );
    return result;
  } finally {
    bar?.stop();
    await client.close();
  }
}

/** The answer's `download_url` with its query values (the token) redacted. */
function shownUrl(answer: unknown): string | undefined {
  const url = (answer as { download_url?: unknown } | undefined)?.download_url;
  return typeof url === 'string' ? safeUrl(url) : undefined;
}

function progressBar(output: ProgressOutput) {
  const bar = new cliProgress.SingleBar(
    {
      stream: output as NodeJS.WritableStream,
      format: 'downloading [{bar}] {percentage}% {value}/{total} bytes',
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let stopped = false;
  return {
    update: ({ received, total }: DownloadProgress) => {
      if (!started) {
        started = true;
        bar.start(total ?? 0, 0);
      }
      if (total === undefined) bar.setTotal(received);
      bar.update(received);
    },
    stop: () => {
      if (started && !stopped) bar.stop();
      stopped = true;
    },
  };
}

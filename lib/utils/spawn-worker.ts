import type { Worker, WorkerOptions } from 'node:worker_threads';
import { workerThreads } from './worker-threads.js';

/** Flags that describe the parent's own entry (`node -e CODE`, `--input-type`); a worker's file must not inherit them. */
const ENTRY_FLAGS = new Set(['-e', '--eval', '-p', '--print']);

/**
 * Starts one of our worker threads. By default a worker inherits the parent's Node flags, and Node drops those a
 * worker cannot take (`--max-old-space-size`, `--title`…). Only when the parent was started with `--input-type`
 * (as `node --input-type=module -e …` is) must the list be given explicitly, without the entry flags, since the
 * worker's file could not load otherwise; flags Node refuses in an explicit list are then left out too.
 */
export function spawnWorker(url: URL, options: WorkerOptions): Worker {
  // Loaded by the first worker, not with the package: most programs never start one.
  const { Worker } = workerThreads();
  if (!process.execArgv.some((arg) => arg.startsWith('--input-type'))) return new Worker(url, options);
  let execArgv = withoutEntryFlags(process.execArgv);
  try {
    return new Worker(url, { ...options, execArgv });
  } catch (error) {
    const refused = refusedFlags(error);
    if (!refused) throw error;
    execArgv = execArgv.filter((arg) => !refused.has(arg));
    return new Worker(url, { ...options, execArgv });
  }
}

function withoutEntryFlags(argv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (ENTRY_FLAGS.has(arg))
      i++; // and its code
    else if (!arg.startsWith('--input-type') && !/^--(eval|print)=/.test(arg)) kept.push(arg);
  }
  return kept;
}

/** The flags named by Node's `ERR_WORKER_INVALID_EXEC_ARGV` ("…invalid execArgv flags: --a, --b"). */
function refusedFlags(error: unknown): Set<string> | undefined {
  if (!(error instanceof Error) || (error as NodeJS.ErrnoException).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') return undefined;
  const listed = error.message.split(': ').slice(1).join(': ');
  return new Set(listed.split(', ').map((flag) => flag.trim()));
}

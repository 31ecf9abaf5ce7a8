/** Flags that describe the parent's own entry (`node -e CODE`, `--input-type`); a worker's file must not inherit them. */
const ENTRY_FLAGS = new Set(['-e', '--eval', '-p', '--print']);

/** The parent's Node flags for our worker threads, minus those that would stop the worker's file from loading. */
export function workerExecArgv(argv: readonly string[] = process.execArgv): string[] {
  const kept: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (ENTRY_FLAGS.has(arg)) i++; // and its code
    else if (!arg.startsWith('--input-type') && !/^--(eval|print)=/.test(arg)) kept.push(arg);
  }
  return kept;
}

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

/** A source file to check, and where it came from (for the failure message). */
export interface Snippet {
  name: string;
  origin: string;
  code: string;
}

/**
 * Type-checks `snippets` as one program with the project's compiler options (strict, NodeNext, against the package
 * `wechatpay-ts` by name, which tsconfig.json maps to lib/), in `dir`, next to the given support files. Returns one
 * line per error.
 */
export function typecheck(dir: string, snippets: Snippet[], support: Record<string, string>, tsconfig: string): string[] {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [name, code] of Object.entries(support)) writeFileSync(join(dir, name), code);
  const origins = new Map<string, string>();
  for (const snippet of snippets) {
    const file = join(dir, snippet.name);
    writeFileSync(file, snippet.code);
    origins.set(file, snippet.origin);
  }
  const config = ts.getParsedCommandLineOfConfigFile(
    tsconfig,
    { noEmit: true, sourceMap: false, declaration: false },
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  );
  if (!config) throw new Error(`cannot read ${tsconfig}`);
  const roots = [
    ...Object.keys(support)
      .filter((name) => name.endsWith('.ts'))
      .map((name) => join(dir, name)),
    ...origins.keys(),
  ];
  const program = ts.createProgram(roots, config.options);
  // The snippets' own errors (and the program's): `wechatpay-ts` is lib/ itself (tsconfig.json `paths`), which
  // `npm run typecheck` checks, and checking all of it again for each batch would cost more than the snippets.
  const files = roots.map((root) => program.getSourceFile(root));
  const diagnostics = [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...files.flatMap((file) => [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)]),
  ];
  return diagnostics.map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    if (!diagnostic.file || diagnostic.start === undefined) return message;
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    const origin = origins.get(diagnostic.file.fileName) ?? diagnostic.file.fileName;
    return `${origin} (snippet line ${line + 1}): ${message}`;
  });
}

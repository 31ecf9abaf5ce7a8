import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** A fenced code block of a markdown page. */
export interface CodeBlock {
  /** The page, relative to docs/. */
  page: string;
  /** 1-based line of the opening fence. */
  line: number;
  lang: string;
  /** The `[label]` of a code-group tab, if any. */
  label: string | undefined;
  code: string;
}

/** Every fenced block of the markdown files under `dir` (recursively), in file order. */
export function codeBlocks(docs: string, dir: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  for (const file of markdownFiles(join(docs, dir))) {
    const lines = readFileSync(file, 'utf8').split('\n');
    let open: { line: number; lang: string; label: string | undefined; body: string[] } | undefined;
    lines.forEach((text, index) => {
      const fence = /^```(\S*)\s*(?:\[(.+)\])?\s*$/.exec(text);
      if (!open && fence) open = { line: index + 1, lang: fence[1] ?? '', label: fence[2], body: [] };
      else if (open && text.startsWith('```')) {
        blocks.push({ page: relative(docs, file), line: open.line, lang: open.lang, label: open.label, code: `${open.body.join('\n')}\n` });
        open = undefined;
      } else open?.body.push(text);
    });
  }
  return blocks;
}

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

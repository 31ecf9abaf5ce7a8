import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from 'wechatpay-ts';
import { startSimulator } from 'wechatpay-ts/simulator';
import { PLATFORM_CERT_SERIAL, fixture } from '../support/fixtures.js';
import { DOCS, ROOT } from './support/docs-paths.js';
import { sourceCli } from '../support/source-build.js';

/** Claims of the guides that their code blocks do not type-check: CLI names and flags, simulator options. */

// The CLI of the source under test (spec/support/source-build.setup.ts), never a stale dist/.
const BIN = sourceCli();
const help = (args: string[]) => execFileSync(process.execPath, [BIN, ...args, '--help'], { encoding: 'utf8' });

/** Every `wechatpay …` command line of the guides and the README: shell blocks (continuations joined) and inline code. */
function commandLines(): { page: string; line: string }[] {
  const pages = [
    ...readdirSync(join(DOCS, 'guide'))
      .filter((name) => name.endsWith('.md'))
      .map((name) => join(DOCS, 'guide', name)),
    join(ROOT, 'README.md'),
  ];
  const found: { page: string; line: string }[] = [];
  for (const file of pages) {
    const text = readFileSync(file, 'utf8');
    const page = relative(ROOT, file);
    for (const block of text.matchAll(/^```(?:sh|bash|shell)\n([\s\S]*?)^```/gm)) {
      for (const line of (block[1] ?? '').replace(/\\\n\s*/g, ' ').split('\n')) {
        if (/^(npx )?wechatpay /.test(line)) found.push({ page, line: line.replace(/^npx /, '') });
      }
    }
    for (const span of text.matchAll(/`((?:npx )?wechatpay [^`]+)`/g)) {
      // The sentence naming the old alias is the one place it may appear.
      if (!/earlier name/.test(text.slice(span.index, span.index + 120))) found.push({ page, line: (span[1] ?? '').replace(/^npx /, '') });
    }
  }
  return found;
}

describe('the command lines of the guides', () => {
  const root = help([]);
  const commands = [...root.matchAll(/^ {2}([a-z]+)((?:\|[a-z]+)*) /gm)].map((match) => ({
    name: match[1] ?? '',
    aliases: (match[2] ?? '').split('|').filter(Boolean),
  }));
  const lines = commandLines();

  it('are found (the check below is not vacuous)', () => {
    expect(lines.length).toBeGreaterThan(8);
    expect(commands.map((command) => command.name)).toEqual(expect.arrayContaining(['demo', 'crt', 'simulate', 'download']));
  });

  it('use each command by its name, never by an alias', () => {
    const aliases = new Set(commands.flatMap((command) => command.aliases));
    expect(aliases).toContain('simulator');
    const wrong = lines.filter(({ line }) => aliases.has(line.split(/\s+/)[1] ?? ''));
    expect(wrong).toEqual([]);
  });

  it('use only flags that the command has', () => {
    const helps = new Map<string, string>();
    const wrong: string[] = [];
    for (const { page, line } of lines) {
      const words = line.replace(/'[^']*'|"[^"]*"/g, 'X').split(/\s+/);
      const command = commands.find((known) => known.name === words[1]);
      const path = command
        ? words[1] === 'simulate' && (words[2] === 'notify' || words[2] === 'pay')
          ? ['simulate', words[2]]
          : [command.name]
        : [];
      const key = path.join(' ');
      if (!helps.has(key)) helps.set(key, help(path));
      for (const word of words.slice(1)) {
        const flag = /^(--?[a-zA-Z][\w-]*)/.exec(word)?.[1];
        if (flag && !new RegExp(`(^|[\\s,])${flag}([\\s,]|$)`, 'm').test(helps.get(key) ?? '')) wrong.push(`${page}: ${flag} in ${line}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('the simulator options and members the guide lists', () => {
  it('secureBaseURL is undefined without v2.tls; a given apiV3Key is kept', async () => {
    const apiV3Key = 'simulatorGuideApiV3Key0123456789';
    const simulator = await startSimulator({ apiV3Key });
    try {
      expect(simulator.secureBaseURL).toBeUndefined();
      expect(simulator.apiV3Key).toBe(apiV3Key);
      expect(simulator.baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    } finally {
      await simulator.close();
    }
  });

  it('platform.certificate: config.certs holds the certificate; the signing key cannot be retired', async () => {
    const platform = { serial: PLATFORM_CERT_SERIAL, privateKey: fixture('platform-key.pem'), certificate: fixture('platform-cert.pem') };
    const simulator = await startSimulator({ platform });
    try {
      expect(simulator.config.certs[PLATFORM_CERT_SERIAL]).toMatch(/^-----BEGIN CERTIFICATE-----/);
      await expect(simulator.retire(PLATFORM_CERT_SERIAL)).rejects.toMatchObject({ name: 'ConfigError', option: 'serial' });
    } finally {
      await simulator.close();
    }
  });

  it('platform.certificate must carry the serial and hold the key, else a ConfigError naming it', async () => {
    const wrongSerial = { serial: 'ABCDEF', privateKey: fixture('platform-key.pem'), certificate: fixture('platform-cert.pem') };
    const wrongKey = { serial: PLATFORM_CERT_SERIAL, privateKey: fixture('platform-a-key.pem'), certificate: fixture('platform-cert.pem') };
    for (const platform of [wrongSerial, wrongKey]) {
      const error = await startSimulator({ platform }).then(
        async (simulator) => {
          await simulator.close();
          throw new Error('started');
        },
        (refused: unknown) => refused,
      );
      expect(error).toBeInstanceOf(ConfigError);
      expect(error).toMatchObject({ option: 'platform.certificate' });
    }
  });
});

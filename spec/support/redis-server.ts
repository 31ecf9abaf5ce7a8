import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

/** A free port on 127.0.0.1, as the system hands one out (redis-server cannot take port 0). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Starts redis-server on `port`; resolves once it accepts connections, rejects if it exits first. */
function start(port: number, dir: string): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--maxmemory', '64mb'];
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`redis-server did not start in 10 s:\n${output}`));
    }, 10_000);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      if (!output.includes('Ready to accept connections')) return;
      clearTimeout(timer);
      resolve(child);
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`redis-server could not be started (apt-get install redis-server): ${error.message}`));
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code} before it was ready:\n${output}`));
    });
  });
}

/**
 * A redis-server of its own for the tests of one file: on a random 127.0.0.1 port, in a temporary folder, with
 * nothing written to disk; stopped after the file. Needs the `redis-server` binary (Debian's package of that name).
 */
export function redisServer() {
  const state = { url: '', port: 0 };
  let child: ChildProcess | undefined;
  let dir: string | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wechatpay-redis-'));
    // Another program may take the port between our check and redis-server's bind: try a few.
    for (let attempt = 0; ; attempt++) {
      const port = await freePort();
      try {
        child = await start(port, dir);
        Object.assign(state, { url: `redis://127.0.0.1:${port}`, port });
        return;
      } catch (error) {
        if (attempt === 4 || !/exited/.test(String(error))) throw error;
      }
    }
  }, 20_000);
  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return state;
}

/** Runs the built `bin/orm` as a user would, in a given working directory. */
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = join(ROOT, 'bin', 'orm');

export interface CliResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv = {}, nodeArgs: readonly string[] = []): CliResult {
  const result = spawnSync(process.execPath, [...nodeArgs, BIN, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', DATABASE_URL: '', CI: process.env.CI ?? '', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Like `runCli`, without blocking this process's event loop (for servers run by the test). */
export function runCliAsync(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', DATABASE_URL: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolvePromise({ status: status ?? -1, stdout, stderr }));
  });
}

/** A user error as the CLI prints it: the message, an `Error:` and a `Hint:` line, exit 1, no stack trace. */
export function expectUserError(r: CliResult, message: RegExp): void {
  expect(r.stderr).toMatch(message);
  expect(r.status).toBe(1);
  expect(r.stderr).toMatch(/^Error: /m);
  expect(r.stderr).toMatch(/^Hint: /m);
  expect(r.stderr).not.toMatch(/^\s+at .*:\d+:\d+\)?$/m);
}

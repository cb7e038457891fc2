/**
 * The built `bin/orm` as a running child process: its output as it comes, a wait for a given
 * line, SIGKILL at a chosen moment. Every child has a kill timer, and `killAllCli()` (call it in
 * `afterAll`) ends whatever is still running, so no test leaves processes behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { BIN } from './cli.js';

export interface CliExit {
  /** Exit status, or null when a signal ended the process. */
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunningCli {
  readonly child: ChildProcess;
  readonly pid: number;
  stdout(): string;
  stderr(): string;
  /** Resolves when stdout or stderr matches (rejects if the process ends first or after `timeoutMs`). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** SIGKILL: no handler runs, no cleanup happens (a crash, an OOM kill, a pod evicted). */
  kill(): void;
  readonly exit: Promise<CliExit>;
}

const running = new Set<ChildProcess>();

/** Starts `orm ARGS` in `cwd`; the process is SIGKILLed after `limitMs` whatever happens. */
export function startCli(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv = {}, limitMs = 90_000): RunningCli {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  const changed = () => listeners.forEach((l) => l());
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    changed();
  });
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
    changed();
  });
  const limit = setTimeout(() => child.kill('SIGKILL'), limitMs);
  let ended = false;
  const exit = new Promise<CliExit>((resolve) => {
    child.on('close', (status, signal) => {
      ended = true;
      clearTimeout(limit);
      running.delete(child);
      changed();
      resolve({ status, signal, stdout: out, stderr: err });
    });
  });
  return {
    child,
    pid: child.pid!,
    stdout: () => out,
    stderr: () => err,
    exit,
    kill: () => {
      child.kill('SIGKILL');
    },
    waitFor(pattern, timeoutMs = 30_000) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (pattern.test(out) || pattern.test(err)) {
            done();
            resolve();
          } else if (ended) {
            done();
            reject(new Error(`orm ${args.join(' ')} ended before printing ${pattern}:\nstdout: ${out}\nstderr: ${err}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`orm ${args.join(' ')} did not print ${pattern} within ${timeoutMs} ms:\nstdout: ${out}\nstderr: ${err}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
  };
}

/** SIGKILLs every child still running and waits for them to be gone. */
export async function killAllCli(): Promise<void> {
  const children = [...running];
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('close', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

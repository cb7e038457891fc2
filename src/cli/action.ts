import type { Command } from 'commander';
import type { CommandContext } from '../commands/command-context.js';
import { colorEnabled } from './color.js';
import { Output } from './output.js';

/** Options every command accepts (CONTRACT.md). */
export interface GlobalOptions {
  readonly config?: string;
  readonly url?: string;
  readonly json?: boolean;
  readonly quiet?: boolean;
  readonly verbose?: boolean;
  readonly x?: string[];
  readonly color?: boolean;
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/**
 * In `--json` mode stdout carries the one document only: anything else written there (a
 * `console.log` in a revision or the config, a library) goes to stderr. Returns the writer of
 * the real stdout.
 */
export function reserveStdoutForJson(): (text: string) => void {
  const original = process.stdout.write.bind(process.stdout) as (text: string) => boolean;
  const toStderr = process.stderr.write.bind(process.stderr);
  process.stdout.write = toStderr as typeof process.stdout.write;
  return (text) => void original(text);
}

/**
 * Runs one command action: builds the output and the command context, turns errors into a
 * message and an exit status. Command modules are imported lazily so `--help` loads nothing.
 */
export function action<A extends unknown[]>(run: (ctx: CommandContext, out: Output, ...args: A) => Promise<number | void>) {
  return async (...args: unknown[]): Promise<void> => {
    const command = args[args.length - 1] as Command;
    const opts = command.optsWithGlobals<GlobalOptions>();
    const json = Boolean(opts.json);
    const out = new Output({
      json,
      quiet: Boolean(opts.quiet),
      verbose: Boolean(opts.verbose),
      color: colorEnabled(process.stdout, opts.color),
      stderrColor: colorEnabled(process.stderr, opts.color),
      command: command.name(),
      ...(json && { stdout: reserveStdoutForJson() }),
    });
    out.protectUrl(opts.url);
    out.protectUrl(process.env.DATABASE_URL);
    out.protectSecret(process.env.PGPASSWORD);
    const ctx: CommandContext = {
      cwd: process.cwd(),
      configFile: opts.config,
      url: opts.url,
      env: process.env,
      logger: out.logger(),
    };
    try {
      const code = await run(ctx, out, ...(args.slice(0, -1) as A));
      process.exitCode = code ?? 0;
    } catch (err) {
      out.error(err);
      process.exitCode = (err as { exitCode?: number } | undefined)?.exitCode ?? 1;
    }
  };
}

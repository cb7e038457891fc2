import type { Command } from 'commander';
import type { CommandContext } from '../commands/command-context.js';
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

function useColor(opts: GlobalOptions): boolean {
  if (opts.color === false || process.env.NO_COLOR) return false;
  return Boolean(process.stdout.isTTY);
}

/**
 * Runs one command action: builds the output and the command context, turns errors into a
 * message and an exit status. Command modules are imported lazily so `--help` loads nothing.
 */
export function action<A extends unknown[]>(run: (ctx: CommandContext, out: Output, ...args: A) => Promise<number | void>) {
  return async (...args: unknown[]): Promise<void> => {
    const command = args[args.length - 1] as Command;
    const opts = command.optsWithGlobals<GlobalOptions>();
    const out = new Output({ json: Boolean(opts.json), quiet: Boolean(opts.quiet), verbose: Boolean(opts.verbose), color: useColor(opts) });
    out.protectUrl(opts.url);
    out.protectUrl(process.env.DATABASE_URL);
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
      process.exitCode = (err as { exitCode?: number }).exitCode ?? 1;
    }
  };
}

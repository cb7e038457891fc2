import { relative } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
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

function collect(value: string, previous: string[] = []): string[] {
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
function action<A extends unknown[]>(run: (ctx: CommandContext, out: Output, ...args: A) => Promise<number | void>) {
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

/** The `orm` program. */
export function buildProgram(): Command {
  const program = new Command('orm')
    .description('Schema migrations for TypeScript: revisions, upgrade, downgrade (SQLite, PostgreSQL)')
    .option('-c, --config <file>', 'config file (default: orm.config.{ts,mts,js,mjs,json} in the working directory)')
    .option('--url <url>', 'database URL (wins over the config and DATABASE_URL)')
    .option('--json', 'print one JSON document on stdout and nothing else there')
    .option('-q, --quiet', 'print nothing but errors')
    .option('--verbose', 'more detail, and the cause chain of errors')
    .option('-x <key=value>', 'a value passed to hooks (repeatable)', collect)
    .option('--no-color', 'no colours (also NO_COLOR=1)')
    .showHelpAfterError('(run orm --help for usage)')
    .exitOverride();

  program
    .command('init')
    .argument('[dir]', 'migrations folder to create', 'migrations')
    .description('create orm.config.ts and the migrations folder in the working directory')
    .option('--template <name>', 'template to copy (see orm list-templates)', 'generic')
    .addOption(new Option('--dialect <name>', 'database the config points at').choices(['sqlite', 'postgres']).default('sqlite'))
    .action(
      action(async (ctx, out, dir: string, opts: { template: string; dialect: string }) => {
        const { init } = await import('../commands/init.js');
        const { formatInit } = await import('./format.js');
        const result = await init(ctx, { directory: dir, template: opts.template, dialect: opts.dialect });
        formatInit(out, ctx, result);
      }),
    );

  program
    .command('list-templates')
    .description('list the templates orm init can copy')
    .action(
      action(async (_ctx, out) => {
        const { listTemplates } = await import('../commands/init.js');
        const templates = await listTemplates();
        out.document({ templates });
        for (const t of templates) out.line(`${out.color.bold(t.name.padEnd(10))} ${t.description}`);
      }),
    );

  program
    .command('revision')
    .description('write a new revision file')
    .requiredOption('-m, --message <message>', 'what the revision does')
    .option('--rev-id <id>', 'revision id to use instead of a random one')
    .action(
      action(async (ctx, out, opts: { message: string; revId?: string }) => {
        const { revision } = await import('../commands/revision.js');
        const result = await revision(ctx, { message: opts.message, revId: opts.revId });
        out.document(result);
        out.line(`Generating ${relative(ctx.cwd, result.path)} ... done`);
      }),
    );

  for (const direction of ['upgrade', 'downgrade'] as const) {
    program
      .command(direction)
      .argument('<target>', direction === 'upgrade' ? 'head, a revision id, +N' : 'base, a revision id, -N')
      .description(direction === 'upgrade' ? 'apply revisions up to TARGET' : 'revert revisions down to TARGET')
      .action(
        action(async (ctx, out, target: string) => {
          const { migrate } = await import('../commands/migrate.js');
          const result = await migrate(ctx, { direction: direction === 'upgrade' ? 'up' : 'down', target });
          out.document(result);
          if (result.steps.length === 0) out.line('Nothing to do: the database is already there.');
        }),
      );
  }

  program
    .command('current')
    .description('the revision(s) the database is at')
    .action(
      action(async (ctx, out) => {
        const { current } = await import('../commands/current.js');
        const { formatCurrent } = await import('./format.js');
        formatCurrent(out, await current(ctx));
      }),
    );

  program
    .command('history')
    .description('the revisions, newest first')
    .action(
      action(async (ctx, out) => {
        const { history } = await import('../commands/history.js');
        const { formatHistory } = await import('./format.js');
        formatHistory(out, await history(ctx));
      }),
    );

  program
    .command('heads')
    .description('the revisions nothing revises yet')
    .action(
      action(async (ctx, out) => {
        const { heads } = await import('../commands/history.js');
        const { formatHeads } = await import('./format.js');
        formatHeads(out, await heads(ctx));
      }),
    );

  return program;
}

/** Entry point of `bin/orm`. */
export async function main(argv: readonly string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv as string[]);
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version are not errors; everything else commander reports is bad usage.
      process.exitCode = err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help' ? 0 : 2;
      return;
    }
    throw err;
  }
}

import { Command, CommanderError } from 'commander';
import { collect } from './action.js';
import { registerAutogenerate } from './commands/autogenerate.js';
import { registerGraph } from './commands/graph.js';
import { registerInit } from './commands/init.js';
import { registerMigrate } from './commands/migrate.js';
import { registerRevision } from './commands/revision.js';
import { registerStamp } from './commands/stamp.js';

/**
 * The `orm` program. Each `register*` adds its commands; their implementations are imported
 * only when a command runs, so `--help` loads nothing else.
 */
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
  registerInit(program);
  registerRevision(program);
  registerMigrate(program);
  registerGraph(program);
  registerStamp(program);
  registerAutogenerate(program);
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
      process.exitCode = ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(err.code) ? 0 : 2;
      return;
    }
    throw err;
  }
}

import { Command, CommanderError } from 'commander';
import { protectSecrets, protectUrl, redactAll } from '../util/redact.js';
import { collect } from './action.js';
import { registerAutogenerate } from './commands/autogenerate.js';
import { registerGraph } from './commands/graph.js';
import { registerInit } from './commands/init.js';
import { registerLint } from './commands/lint.js';
import { registerMigrate } from './commands/migrate.js';
import { registerRevision } from './commands/revision.js';
import { registerStamp } from './commands/stamp.js';
import { jsonDocument, type ErrorDocument } from './json-output.js';

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
    // commander echoes unknown commands and arguments: mask any password in them
    .configureOutput({ outputError: (text, write) => write(redactAll(text)) })
    .exitOverride();
  registerInit(program);
  registerRevision(program);
  registerMigrate(program);
  registerGraph(program);
  registerStamp(program);
  registerAutogenerate(program);
  registerLint(program);
  return program;
}

/** Global options that take a value (skipped when looking for the command's name). */
const VALUE_OPTIONS = new Set(['-c', '--config', '--url', '-x']);

/** What the command line asks for, read before (or without) commander: for usage errors. */
function scanArgs(program: Command, args: readonly string[]): { json: boolean; command: string | null; url: string | undefined } {
  let json = false;
  let command: string | null = null;
  let url: string | undefined;
  let seenCommand = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') break;
    if (arg === '--json') json = true;
    else if (arg === '--url') url = args[i + 1];
    else if (arg.startsWith('--url=')) url = arg.slice('--url='.length);
    if (VALUE_OPTIONS.has(arg)) i++;
    else if (!seenCommand && !arg.startsWith('-')) {
      seenCommand = true;
      command = program.commands.find((c) => c.name() === arg || c.aliases().includes(arg))?.name() ?? null;
    }
  }
  return { json, command, url };
}

/** Entry point of `bin/orm`. */
export async function main(argv: readonly string[]): Promise<void> {
  const program = buildProgram();
  const args = argv.slice(2);
  const scanned = scanArgs(program, args);
  // the passwords of --url, DATABASE_URL and PGPASSWORD are masked in everything printed
  // (the config's URL joins them once the config is loaded)
  protectUrl(scanned.url);
  protectUrl(process.env.DATABASE_URL);
  protectSecrets([process.env.PGPASSWORD]);
  // An error thrown outside any command's handling (a revision's stray timer or promise) is
  // still printed without passwords, and ends the run with status 1.
  const crash = (err: unknown) => {
    process.stderr.write(`${redactAll(`Unexpected error: ${String((err as Error)?.stack ?? err)}`)}\n`);
    process.exit(1);
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  try {
    await program.parseAsync(argv as string[]);
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
    // Help and version are not errors; `orm` without a command (help on stderr, commander's
    // status 1) and everything else commander reports are bad usage.
    const ok = ['commander.helpDisplayed', 'commander.version'].includes(err.code) || (err.code === 'commander.help' && err.exitCode === 0);
    process.exitCode = ok ? 0 : 2;
    if (!ok && scanned.json) {
      const message = err.code === 'commander.help' ? 'no command given' : err.message.replace(/^error: /, '');
      const doc: ErrorDocument = {
        ...(jsonDocument(scanned.command, {}) as ErrorDocument),
        error: { message: redactAll(message), hint: 'run orm --help for usage' },
      };
      process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    }
  }
}

import { Option, type Command } from 'commander';
import { action } from '../action.js';

/** `orm lint [RANGE] [--dialect NAME] [--list-codes]`. */
export function registerLint(program: Command): void {
  program
    .command('lint')
    .argument('[range]', 'FROM:TO as in history -r (default: every revision); current:heads lints what upgrade heads would run')
    .description('report risky operations in revisions (drops, narrowing, NOT NULL, renames, locks, rebuilds); exit 1 on errors')
    .addOption(new Option('--dialect <name>', 'lint for this database (default: the URL\'s)').choices(['sqlite', 'postgres']))
    .option('--list-codes', 'list every lint code with its severity, meaning and fix')
    .action(
      action(async (ctx, out, range: string | undefined, opts: { dialect?: 'sqlite' | 'postgres'; listCodes?: boolean }) => {
        const { formatLint, formatLintCodes } = await import('../format-lint.js');
        const { lint, lintCodes } = await import('../../commands/lint.js');
        if (opts.listCodes) {
          formatLintCodes(out, lintCodes());
          return 0;
        }
        const result = await lint(ctx, { ...(range !== undefined && { range }), ...(opts.dialect !== undefined && { dialect: opts.dialect }) });
        return formatLint(out, ctx, result);
      }),
    );
}

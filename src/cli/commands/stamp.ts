import type { Command } from 'commander';
import { action } from '../action.js';
import { lockTimeoutOption } from '../lock-timeout-option.js';

/** `orm stamp TARGET... [--purge] [--sql]`. */
export function registerStamp(program: Command): void {
  program
    .command('stamp')
    .argument('<targets...>', 'head, heads, base, revision ids or LABEL@head (one per branch); with --sql, one may be FROM:TO')
    .option('--purge', 'empty the version table first (it may hold anything, even unknown revisions)')
    .option('--sql', 'print the statements instead of running them (from base unless FROM: is given)')
    .addOption(lockTimeoutOption())
    .description('write the version table without running migrations')
    .action(
      action(async (ctx, out, targets: string[], opts: { purge?: boolean; sql?: boolean; lockTimeout?: number }) => {
        const { stamp } = await import('../../commands/stamp.js');
        const result = await stamp(ctx, { targets, purge: Boolean(opts.purge), sql: Boolean(opts.sql), lockTimeout: opts.lockTimeout });
        if (out.json) {
          out.document(result);
          return;
        }
        if (result.sql !== undefined) {
          out.text(result.sql);
          return;
        }
        const side = (rows: readonly string[]) => (rows.length === 0 ? '<base>' : rows.join(', '));
        out.line(
          result.rows.length === 0 && !result.purged
            ? `Nothing to do: the version table already holds ${side(result.to)}.`
            : `Stamped ${side(result.from)} -> ${side(result.to)}${result.purged ? ' (version table purged first)' : ''}`,
        );
      }),
    );
}

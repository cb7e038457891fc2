import type { Command } from 'commander';
import { action } from '../action.js';
import { lockTimeoutOption } from '../lock-timeout-option.js';

/** `orm upgrade [FROM:]TARGET [--sql]` and `orm downgrade [FROM:]TARGET [--sql]`. */
export function registerMigrate(program: Command): void {
  for (const direction of ['upgrade', 'downgrade'] as const) {
    const command = program
      .command(direction)
      .argument(
        '<target>',
        direction === 'upgrade'
          ? 'head, heads, a revision id, +N, LABEL@head; with --sql, FROM:TO (FROM defaults to base)'
          : 'base, a revision id, -N; with --sql, FROM:TO (FROM required)',
      )
      .option('--sql', 'print the SQL script instead of running it (no database is opened)')
      .addOption(lockTimeoutOption())
      .description(direction === 'upgrade' ? 'apply revisions up to TARGET' : 'revert revisions down to TARGET')
      .action(
        action(async (ctx, out, target: string, opts: { sql?: boolean; lockTimeout?: number; strict?: boolean }) => {
          const { migrate, migrateSql } = await import('../../commands/migrate.js');
          const options = { direction: direction === 'upgrade' ? ('up' as const) : ('down' as const), target };
          if (opts.sql) {
            const result = await migrateSql(ctx, options);
            out.document(result);
            out.text(result.sql);
            if (result.steps.length === 0) ctx.logger.warn(`nothing to do: no revisions to ${direction} in '${target}'`);
            return;
          }
          const result = await migrate(ctx, { ...options, lockTimeout: opts.lockTimeout, strict: opts.strict === true });
          out.document(result);
          if (result.steps.length === 0) out.line('Nothing to do: the database is already there.');
        }),
      );
    // upgrade only: downgrade refuses the option
    if (direction === 'upgrade') command.option('--strict', "fail (exit 1, nothing run) when an applied revision's file changed since it ran, instead of warning");
  }
}

import type { Command } from 'commander';
import { action } from '../action.js';

/** `orm upgrade [FROM:]TARGET [--sql]` and `orm downgrade [FROM:]TARGET [--sql]`. */
export function registerMigrate(program: Command): void {
  for (const direction of ['upgrade', 'downgrade'] as const) {
    program
      .command(direction)
      .argument(
        '<target>',
        direction === 'upgrade'
          ? 'head, heads, a revision id, +N, LABEL@head; with --sql, FROM:TO (FROM defaults to base)'
          : 'base, a revision id, -N; with --sql, FROM:TO (FROM required)',
      )
      .option('--sql', 'print the SQL script instead of running it (no database is opened)')
      .description(direction === 'upgrade' ? 'apply revisions up to TARGET' : 'revert revisions down to TARGET')
      .action(
        action(async (ctx, out, target: string, opts: { sql?: boolean }) => {
          const { migrate, migrateSql } = await import('../../commands/migrate.js');
          const options = { direction: direction === 'upgrade' ? ('up' as const) : ('down' as const), target };
          if (opts.sql) {
            const result = await migrateSql(ctx, options);
            if (out.json) out.document(result);
            else process.stdout.write(result.sql);
            if (result.steps.length === 0) ctx.logger.warn(`nothing to do: no revisions to ${direction} in '${target}'`);
            return;
          }
          const result = await migrate(ctx, options);
          out.document(result);
          if (result.steps.length === 0) out.line('Nothing to do: the database is already there.');
        }),
      );
  }
}

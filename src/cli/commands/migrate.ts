import type { Command } from 'commander';
import { action } from '../action.js';

/** `orm upgrade TARGET` and `orm downgrade TARGET`. */
export function registerMigrate(program: Command): void {
  for (const direction of ['upgrade', 'downgrade'] as const) {
    program
      .command(direction)
      .argument('<target>', direction === 'upgrade' ? 'head, heads, a revision id, +N, LABEL@head' : 'base, a revision id, -N')
      .description(direction === 'upgrade' ? 'apply revisions up to TARGET' : 'revert revisions down to TARGET')
      .action(
        action(async (ctx, out, target: string) => {
          const { migrate } = await import('../../commands/migrate.js');
          const result = await migrate(ctx, { direction: direction === 'upgrade' ? 'up' : 'down', target });
          out.document(result);
          if (result.steps.length === 0) out.line('Nothing to do: the database is already there.');
        }),
      );
  }
}

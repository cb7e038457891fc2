import type { Command } from 'commander';
import { action } from '../action.js';

/** Commands that read the revision graph (and, for `current`, the version table). */
export function registerGraph(program: Command): void {
  program
    .command('current')
    .description('the revision(s) the database is at')
    .action(
      action(async (ctx, out) => {
        const { current } = await import('../../commands/current.js');
        const { formatCurrent } = await import('../format.js');
        formatCurrent(out, await current(ctx));
      }),
    );

  program
    .command('history')
    .description('the revisions, newest first')
    .action(
      action(async (ctx, out) => {
        const { history } = await import('../../commands/history.js');
        const { formatHistory } = await import('../format.js');
        formatHistory(out, await history(ctx));
      }),
    );

  program
    .command('heads')
    .description('the revisions nothing revises yet')
    .action(
      action(async (ctx, out) => {
        const { heads } = await import('../../commands/history.js');
        const { formatHeads } = await import('../format.js');
        formatHeads(out, await heads(ctx));
      }),
    );
}

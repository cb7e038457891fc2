import { relative } from 'node:path';
import type { Command } from 'commander';
import { action } from '../action.js';

/** `orm revision -m MSG [--rev-id ID]`. */
export function registerRevision(program: Command): void {
  program
    .command('revision')
    .description('write a new revision file')
    .requiredOption('-m, --message <message>', 'what the revision does')
    .option('--rev-id <id>', 'revision id to use instead of a random one')
    .action(
      action(async (ctx, out, opts: { message: string; revId?: string }) => {
        const { revision } = await import('../../commands/revision.js');
        const result = await revision(ctx, { message: opts.message, revId: opts.revId });
        out.document(result);
        out.line(`Generating ${relative(ctx.cwd, result.path)} ... done`);
      }),
    );
}

import type { Command } from 'commander';
import { action, collect } from '../action.js';

interface RevisionFlags {
  message: string;
  revId?: string;
  head?: string;
  splice?: boolean;
  branchLabel?: string[];
  dependsOn?: string[];
  versionPath?: string;
}

interface MergeFlags {
  message?: string;
  revId?: string;
  branchLabel?: string[];
  splice?: boolean;
}

/** Commands that write revision files: `revision` and `merge`. */
export function registerRevision(program: Command): void {
  program
    .command('revision')
    .description('write a new revision file')
    .requiredOption('-m, --message <message>', 'what the revision does')
    .option('--rev-id <id>', 'revision id to use instead of a random one')
    .option('--head <rev>', 'the revision it follows (default: the only head; base: a new root)')
    .option('--splice', 'allow a --head that is not a head (start a new branch below it)')
    .option('--branch-label <label>', 'a branch label for the new revision (repeatable, or a comma list)', collect)
    .option('--depends-on <rev>', 'a revision that must be applied first, without merging it (repeatable)', collect)
    .option('--version-path <dir>', 'the version location to write into (default: the folder of the parent)')
    .action(
      action(async (ctx, out, opts: RevisionFlags) => {
        const { revision } = await import('../../commands/revision.js');
        const { formatNewRevision } = await import('../format.js');
        const result = await revision(ctx, {
          message: opts.message,
          ...(opts.revId === undefined ? {} : { revId: opts.revId }),
          ...(opts.head === undefined ? {} : { head: opts.head }),
          splice: opts.splice === true,
          ...(opts.branchLabel === undefined ? {} : { branchLabels: opts.branchLabel }),
          ...(opts.dependsOn === undefined ? {} : { dependsOn: opts.dependsOn }),
          ...(opts.versionPath === undefined ? {} : { versionPath: opts.versionPath }),
        });
        formatNewRevision(out, ctx, result);
      }),
    );

  program
    .command('merge')
    .argument('<revs...>', 'the revisions to join (ids, prefixes, labels, LABEL@head), or heads for all heads')
    .description('write a revision joining several revisions (empty upgrade and downgrade)')
    .option('-m, --message <message>', 'what the merge is for (default: merge REV, REV)')
    .option('--rev-id <id>', 'revision id to use instead of a random one')
    .option('--branch-label <label>', 'a branch label for the merge revision (repeatable, or a comma list)', collect)
    .option('--splice', 'allow revisions that are not heads')
    .action(
      action(async (ctx, out, revs: string[], opts: MergeFlags) => {
        const { merge } = await import('../../commands/merge.js');
        const { formatNewRevision } = await import('../format.js');
        const result = await merge(ctx, {
          revisions: revs,
          ...(opts.message === undefined ? {} : { message: opts.message }),
          ...(opts.revId === undefined ? {} : { revId: opts.revId }),
          ...(opts.branchLabel === undefined ? {} : { branchLabels: opts.branchLabel }),
          splice: opts.splice === true,
        });
        formatNewRevision(out, ctx, result);
      }),
    );
}

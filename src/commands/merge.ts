import { listIds } from '../revisions/revision-graph.js';
import { UserError } from '../util/errors.js';
import type { CommandContext } from './command-context.js';
import { type NewRevisionResult, resolveParents, writeNewRevision } from './new-revision.js';
import { openProject } from './project.js';

export interface MergeOptions {
  /** Revisions to merge: ids, prefixes, labels, `LABEL@head`, or `heads` for all heads. */
  readonly revisions: readonly string[];
  /** Default: `merge <ids>`. */
  readonly message?: string;
  readonly revId?: string;
  readonly branchLabels?: readonly string[];
  /** Allow revisions that are not heads. */
  readonly splice?: boolean;
}

export type MergeResult = NewRevisionResult;

/**
 * `orm merge REVS...`: a revision whose `downRevision` lists REVS, with empty `upgrade` and
 * `downgrade` (add reconciling operations by hand if the branches need them). It goes into
 * the folder of the first parent's file.
 */
export async function merge(ctx: CommandContext, options: MergeOptions): Promise<MergeResult> {
  const project = await openProject(ctx);
  const { graph } = project;
  const parents = resolveParents(project, options.revisions, options.splice === true, 'merge');
  if (parents.length < 2) {
    throw new UserError(
      `Nothing to merge: ${options.revisions.join(' ')} ${parents.length === 0 ? 'names no revision' : `names only ${listIds(parents)}`}`,
      { hint: `A merge joins two or more heads; heads now: ${graph.heads.length > 0 ? listIds(graph.heads) : 'none'}.` },
    );
  }
  for (const a of parents) {
    const below = parents.filter((b) => b !== a && graph.isAncestor(b, a));
    if (below.length > 0) {
      throw new UserError(`${listIds(below)} ${below.length === 1 ? 'is' : 'are'} already below '${a}'`, {
        hint: 'Merge revisions on separate branches only; leave out the ones below the others.',
      });
    }
  }
  return writeNewRevision(ctx, project, {
    message: options.message ?? `merge ${parents.join(', ')}`,
    parents,
    emptyBodies: true,
    ...(options.revId === undefined ? {} : { revId: options.revId }),
    ...(options.branchLabels === undefined ? {} : { branchLabels: options.branchLabels }),
  });
}

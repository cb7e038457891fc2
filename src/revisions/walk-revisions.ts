/**
 * Relative moves through the revision graph (`+N`, `-N`, `REV+N`, `LABEL@-N`): following
 * children up or down revisions down, one step at a time, refusing to guess at forks.
 */
import { UserError } from '../util/errors.js';
import { type RevisionGraph, listIds } from './revision-graph.js';

/** Where a walk ended; `left`: the revision its last step down stepped off. */
export interface Walked {
  position: string[];
  left?: string;
}

/**
 * Moves `steps` revisions up (children, only those in `within` when given) or down (down
 * revisions) from `from` (empty: base). Several candidates are ambiguous (a UserError), except
 * on the last step down, where they are the parents of a merge point: going down 1 from a merge
 * lands on all of its parents. Running out of revisions returns `stuckAfter`, the steps done.
 */
export function walkRevisions(
  graph: RevisionGraph,
  from: readonly string[],
  steps: number,
  within: ReadonlySet<string> | undefined,
): Walked | { stuckAfter: number } {
  let at = [...from];
  let left: string | undefined;
  const count = Math.abs(steps);
  for (let i = 0; i < count; i++) {
    if (at.length > 1) {
      throw new UserError(`Cannot move ${count} steps from ${listIds(at)}: several revisions`, {
        hint: 'Name a single revision to move from.',
      });
    }
    if (steps > 0) {
      const next = (at.length === 0 ? graph.bases : graph.node(at[0]!).children).filter((id) => !within || within.has(id));
      if (next.length === 0) return { stuckAfter: i };
      if (next.length > 1) {
        throw new UserError(`Cannot go up from ${at[0] ?? 'base'}: it has several next revisions: ${listIds(next)}`, {
          hint: 'Name the branch with LABEL@+N, or give the target revision id.',
        });
      }
      at = [...next];
    } else {
      if (at.length === 0) return { stuckAfter: i };
      const node = graph.node(at[0]!);
      if (node.downRevisions.length > 1 && i < count - 1) {
        throw new UserError(`Cannot go down ${count} steps: '${node.revision}' is a merge point of ${listIds(node.downRevisions)}`, {
          hint: 'Downgrade to a revision id on the side you want, or step down one at a time (-1 reverts the merge itself).',
        });
      }
      left = node.revision;
      at = [...node.downRevisions];
    }
  }
  return left === undefined ? { position: at } : { position: at, left };
}

/**
 * Version-table bookkeeping as pure functions. The table holds exactly the current heads:
 * the applied revisions that no other applied revision names as a down revision or
 * dependency (Alembic's `alembic_version` rows). Each step of a plan changes those rows in
 * one of five ways, computed here from the heads before the step.
 */
import { UserError } from '../util/errors.js';
import type { RevisionGraph } from './revision-graph.js';

/** Which way a step runs. */
export type Direction = 'up' | 'down';

/** A revision to run, and which way. */
export interface StepRef {
  revision: string;
  direction: Direction;
}

/**
 * The change a step makes to the version table.
 * - `insert`: upgrade of a base, or entering a branch whose parents are applied but are not
 *   heads (another applied revision already follows them): a new row.
 * - `update`: upgrade whose one parent is a head, or downgrade of a head back to one parent
 *   that is no longer below another head: the row changes in place.
 * - `delete`: downgrade of a base, or of a revision whose parents all stay below other heads.
 * - `merge`: upgrade of a merge point with several parents among the heads: delete the rows
 *   of `delete`, then `update` the remaining parent's row to the merge point.
 * - `unmerge`: downgrade of a merge point to several parents that become heads again: insert
 *   the rows of `insert`, then `update` the merge point's row to the remaining parent.
 */
export type VersionChange =
  | { kind: 'insert'; revision: string }
  | { kind: 'update'; from: string; to: string }
  | { kind: 'delete'; revision: string }
  | { kind: 'merge'; delete: string[]; update: { from: string; to: string } }
  | { kind: 'unmerge'; insert: string[]; update: { from: string; to: string } };

/** One row statement: what the runtime executes (each must touch exactly one row). */
export type VersionRowOp =
  | { op: 'insert'; revision: string }
  | { op: 'delete'; revision: string }
  | { op: 'update'; from: string; to: string };

/**
 * The version-table change for `step`, given the rows before it. The step must be valid
 * for those heads (as every step of a plan is): an upgraded revision has its parents applied
 * and is not itself applied; a downgraded revision is a head.
 */
export function versionChangeFor(graph: RevisionGraph, heads: Iterable<string>, step: StepRef): VersionChange {
  const current = new Set(heads);
  const node = graph.node(step.revision);
  if (step.direction === 'up') {
    if (current.has(node.revision)) {
      throw new UserError(`Cannot upgrade to '${node.revision}': it is already a current head`);
    }
    // the heads this revision follows stop being heads; parents applied but not heads stay as they are
    const replaced = node.parents.filter((p) => current.has(p));
    if (replaced.length === 0) return { kind: 'insert', revision: node.revision };
    if (replaced.length === 1) return { kind: 'update', from: replaced[0]!, to: node.revision };
    return { kind: 'merge', delete: replaced.slice(1), update: { from: replaced[0]!, to: node.revision } };
  }

  if (!current.has(node.revision)) {
    throw new UserError(`Cannot downgrade '${node.revision}': it is not a current head (heads: ${[...current].join(', ') || 'none'})`, {
      hint: 'Revisions are reverted newest first; revert the revisions above it first.',
    });
  }
  current.delete(node.revision);
  const restored = restoredParents(graph, current, node.revision);
  if (restored.length === 0) return { kind: 'delete', revision: node.revision };
  if (restored.length === 1) return { kind: 'update', from: node.revision, to: restored[0]! };
  return { kind: 'unmerge', insert: restored.slice(1), update: { from: node.revision, to: restored[0]! } };
}

/**
 * The parents of `revision` that become heads when it is reverted: those not below any of
 * `otherHeads` nor below another parent. A parent with no other child or dependent cannot be below another head, so the
 * ancestor walk only happens at branch points.
 */
function restoredParents(graph: RevisionGraph, otherHeads: ReadonlySet<string>, revision: string): string[] {
  const parents = graph.node(revision).parents;
  const shared = parents.filter((p) => graph.node(p).next.length > 1);
  if (shared.length === 0) return [...parents];
  // parents count too: a dependency that is also below another parent must not get a row
  const below = graph.ancestors([...otherHeads, ...parents]);
  return parents.filter((p) => !below.has(p));
}

/** The heads after `change` (sorted), so the runtime's in-memory view follows the table. */
export function applyVersionChange(heads: Iterable<string>, change: VersionChange): string[] {
  const next = new Set(heads);
  for (const op of versionRowOps(change)) {
    switch (op.op) {
      case 'insert':
        if (next.has(op.revision)) throw new Error(`version change inserts '${op.revision}' twice`);
        next.add(op.revision);
        break;
      case 'delete':
        if (!next.delete(op.revision)) throw new Error(`version change deletes '${op.revision}', which is not a head`);
        break;
      case 'update':
        if (!next.delete(op.from)) throw new Error(`version change updates '${op.from}', which is not a head`);
        next.add(op.to);
        break;
    }
  }
  return [...next].sort();
}

/** The row statements of `change`, in the order to execute them. */
export function versionRowOps(change: VersionChange): VersionRowOp[] {
  switch (change.kind) {
    case 'insert':
      return [{ op: 'insert', revision: change.revision }];
    case 'delete':
      return [{ op: 'delete', revision: change.revision }];
    case 'update':
      return [{ op: 'update', from: change.from, to: change.to }];
    case 'merge':
      return [...change.delete.map((revision) => ({ op: 'delete' as const, revision })), { op: 'update', ...change.update }];
    case 'unmerge':
      return [...change.insert.map((revision) => ({ op: 'insert' as const, revision })), { op: 'update', ...change.update }];
  }
}

/**
 * `orm stamp`: the version-table rows a stamp leaves, and the row statements that get there.
 * Pure. A stamp walks the graph as an upgrade or downgrade to each target would (so targets
 * mean exactly what they mean there: other branches stay, `base` clears, `LABEL@base` clears
 * one branch, several targets reach several branches), but only the rows change.
 */
import { UserError, isUserError } from '../util/errors.js';
import { checkCurrentHeads, planDowngrade, planUpgrade, appliedRevisions } from './migration-plan.js';
import type { RevisionGraph } from './revision-graph.js';
import { parseTarget, resolveRevisionSet } from './target-resolver.js';
import type { VersionRowOp } from './version-change.js';

export interface StampPlan {
  /** Rows before (sorted). */
  readonly fromHeads: string[];
  /** Rows after (sorted). */
  readonly toHeads: string[];
  /** Deletes, then updates, then inserts: each touches one row. */
  readonly rows: VersionRowOp[];
}

/** Which way the graph walk to `target` goes from `heads`: down when every target revision is applied. */
function directionOf(graph: RevisionGraph, heads: readonly string[], target: string): 'up' | 'down' {
  const spec = parseTarget(target);
  if (spec.relative !== undefined && spec.symbol === undefined) return spec.relative < 0 ? 'down' : 'up';
  const revisions = resolveRevisionSet(graph, target, heads);
  const applied = appliedRevisions(graph, heads);
  return revisions.every((id) => applied.has(id)) ? 'down' : 'up';
}

/**
 * The stamp of `targets` (applied in order) from `currentHeads`. Rows must be valid (known
 * revisions, none below another); `--purge` passes no rows.
 */
export function planStamp(graph: RevisionGraph, currentHeads: readonly string[], targets: readonly string[]): StampPlan {
  let heads: string[];
  try {
    heads = checkCurrentHeads(graph, currentHeads);
  } catch (err) {
    if (!isUserError(err)) throw err;
    throw new UserError(err.message, {
      hint: '`orm stamp --purge TARGET` empties the version table first and then stamps TARGET, whatever the table held.',
    });
  }
  const fromHeads = heads;
  for (const target of targets) {
    const plan = directionOf(graph, heads, target) === 'up' ? planUpgrade(graph, heads, target) : planDowngrade(graph, heads, target);
    heads = plan.toHeads;
  }
  return { fromHeads, toHeads: heads, rows: rowChanges(graph, fromHeads, heads) };
}

/**
 * The statements turning rows `from` into rows `to`: a row replaced by a revision on its own
 * line (an ancestor or descendant) is updated in place, as a migration step would; the rest
 * are deleted or inserted.
 */
export function rowChanges(graph: RevisionGraph, from: readonly string[], to: readonly string[]): VersionRowOp[] {
  const removed = from.filter((id) => !to.includes(id)).sort();
  const added = to.filter((id) => !from.includes(id)).sort();
  const updates: VersionRowOp[] = [];
  const inserts: VersionRowOp[] = [];
  for (const revision of added) {
    const i = removed.findIndex((old) => graph.isAncestor(old, revision) || graph.isAncestor(revision, old));
    if (i < 0) {
      inserts.push({ op: 'insert', revision });
      continue;
    }
    updates.push({ op: 'update', from: removed[i]!, to: revision });
    removed.splice(i, 1);
  }
  return [...removed.map((revision) => ({ op: 'delete' as const, revision })), ...updates, ...inserts];
}

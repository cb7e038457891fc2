/**
 * Plans: from the version table's heads and a target string, the ordered steps an upgrade or
 * downgrade runs, each with its version-table change. Pure; the runtime executes the plan.
 *
 * - Upgrade to a target runs the target's ancestors (dependencies included) that are not
 *   applied yet; the applied revisions are the ancestors of the current heads.
 * - Downgrade to a target reverts, as Alembic does, the applied revisions above it: its
 *   applied descendants (and their dependents). Branches beside the target are left alone;
 *   `LABEL@...` restricts the revert to that branch; `base` reverts everything.
 */
import { UserError } from '../util/errors.js';
import { type RevisionGraph, listIds } from './revision-graph.js';
import { resolveDowngradeTarget, resolveUpgradeTarget } from './target-resolver.js';
import { postOrder } from './topological-order.js';
import { type Direction, type VersionChange, applyVersionChange, versionChangeFor } from './version-change.js';

/** One revision to run, with the version-table change to make in the same transaction. */
export interface MigrationStep {
  revision: string;
  direction: Direction;
  path?: string;
  message?: string;
  change: VersionChange;
  /** The version table's rows once this step is done (sorted). */
  headsAfter: string[];
}

/** An ordered list of steps: every revision runs after its parents on upgrade, before them on downgrade. */
export interface MigrationPlan {
  direction: Direction;
  target: string;
  /** Rows before the first step (sorted). */
  fromHeads: string[];
  /** Rows after the last step (sorted). */
  toHeads: string[];
  steps: MigrationStep[];
}

/**
 * Checks the version table's rows against the graph: every row is a known revision and no
 * row is below another. Returns them sorted and without repeats.
 */
export function checkCurrentHeads(graph: RevisionGraph, currentHeads: readonly string[]): string[] {
  const heads = [...new Set(currentHeads)].sort();
  for (const head of heads) {
    if (!graph.has(head)) {
      throw new UserError(`The version table holds revision '${head}', which is not in the revision directory`, {
        hint: 'Restore its file (was it deleted, or is its branch not merged here?), or reset the table to the revision the schema really is at: `orm stamp --purge REV`.',
      });
    }
  }
  if (heads.length > 1) {
    const below = graph.ancestors(heads);
    const overlapping = heads.filter((h) => below.has(h));
    if (overlapping.length > 0) {
      throw new UserError(`The version table holds ${listIds(overlapping)} together with revisions above them`, {
        hint: 'Each row must be a head of what is applied; fix the table with `orm stamp`.',
      });
    }
  }
  return heads;
}

/** Applied revisions: the current heads and everything below them (dependencies included). */
export function appliedRevisions(graph: RevisionGraph, currentHeads: readonly string[]): Set<string> {
  return graph.ancestors(currentHeads, { includeSelf: true });
}

/** The plan of `orm upgrade TARGET` from `currentHeads` (the version table's rows). */
export function planUpgrade(graph: RevisionGraph, currentHeads: readonly string[], target: string): MigrationPlan {
  const heads = checkCurrentHeads(graph, currentHeads);
  const targets = resolveUpgradeTarget(graph, heads, target);
  const applied = appliedRevisions(graph, heads);
  const order = postOrder(targets, (id) => graph.node(id).parents, (id) => !applied.has(id));
  return simulate(graph, heads, 'up', target, order);
}

/** The plan of `orm downgrade TARGET` from `currentHeads` (the version table's rows). */
export function planDowngrade(graph: RevisionGraph, currentHeads: readonly string[], target: string): MigrationPlan {
  const heads = checkCurrentHeads(graph, currentHeads);
  const { keep, lineage, revertFrom } = resolveDowngradeTarget(graph, heads, target);
  const applied = appliedRevisions(graph, heads);
  const missing = keep.filter((id) => !applied.has(id));
  if (missing.length > 0) {
    throw new UserError(
      `Cannot downgrade to ${listIds(missing)}: not applied (current: ${heads.length > 0 ? listIds(heads) : 'base'})`,
      { hint: `A downgrade only goes below the current revisions; \`orm upgrade ${target}\` moves forward.` },
    );
  }
  // the lowest revisions to revert: where a walk down stopped, the bases, or what directly
  // follows the kept revisions
  let roots =
    revertFrom !== undefined
      ? [revertFrom]
      : keep.length === 0
        ? [...graph.bases]
        : [...new Set(keep.flatMap((id) => graph.node(id).next))];
  if (lineage) roots = roots.filter((id) => lineage.members.has(id));
  const above = graph.descendants(roots, { includeSelf: true });
  const revert = new Set([...applied].filter((id) => above.has(id)));
  // post-order from the heads gives an upgrade order; reversed, each revision precedes its parents
  const order = postOrder(heads, (id) => graph.node(id).parents, (id) => revert.has(id)).reverse();
  return simulate(graph, heads, 'down', target, order);
}

/**
 * Steps running `order` from `heads`, each with its version-table change. `order` must be a
 * valid order for `direction` (a plan's, or the caller's own, e.g. stamping-like tools).
 */
export function planSteps(
  graph: RevisionGraph,
  currentHeads: readonly string[],
  direction: Direction,
  order: readonly string[],
): MigrationStep[] {
  let heads: string[] = [...currentHeads];
  return order.map((revision) => {
    const node = graph.node(revision);
    const change = versionChangeFor(graph, heads, { revision, direction });
    heads = applyVersionChange(heads, change);
    const step: MigrationStep = { revision, direction, change, headsAfter: heads };
    if (node.path !== undefined) step.path = node.path;
    if (node.message !== undefined) step.message = node.message;
    return step;
  });
}

function simulate(
  graph: RevisionGraph,
  heads: string[],
  direction: Direction,
  target: string,
  order: readonly string[],
): MigrationPlan {
  const steps = planSteps(graph, heads, direction, order);
  const toHeads = steps.length > 0 ? steps[steps.length - 1]!.headsAfter : heads;
  return { direction, target, fromHeads: heads, toHeads, steps };
}

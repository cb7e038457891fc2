/**
 * Revision ranges `FROM:TO` (`orm history -r`), as Alembic reads them: each side is a target
 * (`base`, `heads`, `head`, `current`, an id or prefix, a label, `LABEL@head`, `REV+N`, ...),
 * either side may be left out (`FROM:` up to the heads, `:TO` from base), and a bare `-N` on
 * the left counts down from the right side (`-3:current`), a bare `+N` on the right counts up
 * from the left. Pure: the database's rows are passed in.
 */
import { UserError } from '../util/errors.js';
import { branchLabelCoverage } from './branch-label-coverage.js';
import { type RevisionGraph, listIds } from './revision-graph.js';
import { type TargetSpec, lineageOf, parseTarget, resolveRevisionSet } from './target-resolver.js';
import { walkRevisions } from './walk-revisions.js';

/** A range taken apart; an absent side is open (`base` on the left, `heads` on the right). */
export interface RevisionRange {
  readonly from: string | null;
  readonly to: string | null;
}

/** Parses `FROM:TO`, `FROM:` or `:TO`; anything without exactly one `:` is a UserError. */
export function parseRevisionRange(text: string): RevisionRange {
  const parts = text.trim().split(':');
  if (parts.length !== 2) {
    throw new UserError(`Malformed revision range '${text}'`, {
      hint: 'A range is FROM:TO, FROM: or :TO, e.g. base:head, current:, -3:current, feature@base:feature@head.',
    });
  }
  const side = (s: string) => (s.trim() === '' ? null : s.trim());
  return { from: side(parts[0]!), to: side(parts[1]!) };
}

/** True when a side of the range names `current` (the database must be read). */
export function rangeNeedsCurrent(range: RevisionRange): boolean {
  return [range.from, range.to].some((side) => side !== null && parseTarget(side).symbol === 'current');
}

/**
 * The revisions of `range`, newest first (the order of `graph.history()`): those applied by
 * upgrading from FROM to TO, plus FROM itself, restricted to FROM's descendants. A FROM
 * that is not below TO is a UserError.
 */
export function revisionsInRange(graph: RevisionGraph, range: RevisionRange, currentRows: readonly string[] = []): string[] {
  const fromText = range.from ?? 'base';
  const toText = range.to ?? 'heads';
  const fromSpec = parseTarget(fromText);
  const toSpec = parseTarget(toText);
  const floating = (spec: TargetSpec) => spec.symbol === undefined;
  if (floating(fromSpec) && floating(toSpec)) {
    throw new UserError(`Range '${fromText}:${toText}' has no fixed end`, {
      hint: 'Anchor one side: -3:current, base:+2, rev_a:+1.',
    });
  }
  let upper = floating(toSpec) ? [] : resolveRevisionSet(graph, toText, currentRows);
  let lower = floating(fromSpec) ? [] : resolveRevisionSet(graph, fromText, currentRows);
  if (floating(toSpec)) upper = walkFrom(graph, lower, toSpec);
  if (floating(fromSpec)) lower = walkFrom(graph, upper, fromSpec);

  const reachable = graph.ancestors(upper, { includeSelf: true });
  const outside = lower.filter((id) => !reachable.has(id));
  if (outside.length > 0) {
    throw new UserError(
      `Revision ${listIds(outside)} is not below ${upper.length > 0 ? listIds(upper) : 'base'} (range '${fromText}:${toText}')`,
      { hint: 'The left side of a range must be an ancestor of the right side; `orm history` shows the order.' },
    );
  }
  const belowLower = graph.ancestors(lower);
  const selected = new Set([...reachable].filter((id) => !belowLower.has(id)));
  for (const id of lower) selected.add(id);
  if (lower.length > 0) {
    const above = graph.descendants(lower, { includeDependencies: false, includeSelf: true });
    for (const id of selected) if (!above.has(id)) selected.delete(id);
  }
  if (fromSpec.branch !== undefined && fromSpec.symbol === 'base') {
    // LABEL@base: from the start of that branch, not of the whole graph
    const members = branchLabelCoverage(graph).get(fromSpec.branch) ?? lineageOf(graph, fromSpec.branch).members;
    for (const id of selected) if (!members.has(id)) selected.delete(id);
  }
  return graph.history().filter((n) => selected.has(n.revision)).map((n) => n.revision);
}

/** A bare `+N` / `-N` (or `LABEL@+N`) counted from the other side of the range. */
function walkFrom(graph: RevisionGraph, start: readonly string[], spec: TargetSpec): string[] {
  const lineage = spec.branch === undefined ? undefined : lineageOf(graph, spec.branch);
  const from = lineage ? start.filter((id) => lineage.members.has(id)) : [...start];
  const walked = walkRevisions(graph, from, spec.relative!, lineage?.members);
  if ('stuckAfter' in walked) {
    // counting down past the first revision stops at base, as Alembic's history does
    if (spec.relative! < 0) return [];
    throw new UserError(
      `Cannot go ${spec.relative} steps up from ${from.length > 0 ? listIds(from) : 'base'} ('${spec.text}'): only ${walked.stuckAfter} revision(s) above`,
      { hint: '`orm heads` shows where the branches end.' },
    );
  }
  return walked.position;
}

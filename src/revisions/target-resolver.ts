/**
 * Turning target strings (`head`, `heads`, `base`, ids and prefixes, `+N`, `-N`, `REV+N`,
 * `REV-N`, `LABEL@head`, `LABEL@base`, `LABEL@REV`, `REV@head`, `LABEL@+N`, `LABEL@-N`,
 * `LABEL@head-2`, ...) into revisions, following Alembic's rules. Pure: the current heads
 * (the version table's rows) are passed in.
 */
import { UserError } from '../util/errors.js';
import { type RevisionGraph, listIds } from './revision-graph.js';
import { type Walked, walkRevisions } from './walk-revisions.js';

/** A target string taken apart: `[BRANCH@]SYMBOL`, `[BRANCH@]SYMBOL±N` or `[BRANCH@]±N`. */
export interface TargetSpec {
  text: string;
  /** Branch label (or revision id) before `@`: restricts the target to that branch's lineage. */
  branch?: string;
  /** `head`, `heads`, `base`, `current`, an id, a prefix or a label; absent for `+N`/`-N`. */
  symbol?: string;
  /** Steps up (positive) or down (negative) from the symbol, or from the current heads. */
  relative?: number;
}

/** The revisions on one branch: ancestors and descendants of the revision carrying the label (no dependsOn). */
export interface Lineage {
  name: string;
  owner: string;
  members: ReadonlySet<string>;
}

/**
 * What a downgrade goes down to: keep `keep` (empty: `base`) and revert what is applied
 * above it; within `lineage` when the target named a branch. A walk down (`-N`, `REV-N`)
 * sets `revertFrom`, the last revision it stepped off: that revision and what is applied above
 * it are reverted, nothing beside it (so `-1` from a merge point reverts just the merge, and
 * `REV-N` stays within REV's line).
 */
export interface DowngradeTarget {
  keep: string[];
  lineage?: Lineage;
  revertFrom?: string;
}

// Ids and labels never contain @ : + - or spaces (validate-revisions.ts), so this split is unambiguous.
const RELATIVE = /^(?:([^@]+)@)?([^@:+\-\s]+)?([+-]\d+)$/;

/** Parses a target string; a malformed one is a UserError. */
export function parseTarget(text: string): TargetSpec {
  const t = text.trim();
  const rel = RELATIVE.exec(t);
  if (rel) {
    const spec: TargetSpec = { text: t, relative: Number(rel[3]) };
    if (rel[1] !== undefined) spec.branch = rel[1];
    if (rel[2] !== undefined) spec.symbol = rel[2];
    return spec;
  }
  const at = t.indexOf('@');
  const [branch, symbol] = at < 0 ? [undefined, t] : [t.slice(0, at), t.slice(at + 1)];
  if (symbol === '' || branch === '' || symbol.includes('@') || /\s|:/.test(t)) {
    throw new UserError(`Malformed target '${text}'`, {
      hint: 'Targets: head, heads, base, a revision id or prefix, +N, -N, REV+N, REV-N, LABEL@head, LABEL@REV, LABEL@+N.',
    });
  }
  return branch === undefined ? { text: t, symbol } : { text: t, branch, symbol };
}

/** The lineage of a branch label (or of a revision id used as one, as in `REV@head`). */
export function lineageOf(graph: RevisionGraph, name: string): Lineage {
  const owner = graph.resolve(name).revision;
  const members = graph.ancestors(owner, { includeDependencies: false, includeSelf: true });
  for (const d of graph.descendants(owner, { includeDependencies: false })) members.add(d);
  return { name, owner, members };
}

/**
 * Resolves a target to a set of revisions without reference to the database state, except
 * `current`: for `stamp`, `--head`, range ends and `show`. Relative forms need a symbol (`REV+1`).
 */
export function resolveRevisionSet(graph: RevisionGraph, text: string, currentHeads: readonly string[] = []): string[] {
  const spec = parseTarget(text);
  const lineage = spec.branch === undefined ? undefined : lineageOf(graph, spec.branch);
  if (spec.symbol === undefined) {
    throw new UserError(`Target '${text}' is relative to the database state and cannot be used here`, {
      hint: 'Name a revision, e.g. REV+1 or head-1.',
    });
  }
  const start = resolveSymbol(graph, spec.symbol, lineage, currentHeads);
  if (spec.relative === undefined) return start;
  return walkOrThrow(graph, spec, start, lineage).position;
}

/** The revisions an upgrade to `text` must reach (empty: nothing to apply), from `currentHeads`. */
export function resolveUpgradeTarget(graph: RevisionGraph, currentHeads: readonly string[], text: string): string[] {
  const spec = parseTarget(text);
  const lineage = spec.branch === undefined ? undefined : lineageOf(graph, spec.branch);
  if (spec.relative === undefined) return resolveSymbol(graph, spec.symbol!, lineage, currentHeads);
  if (spec.symbol !== undefined) {
    return walkOrThrow(graph, spec, resolveSymbol(graph, spec.symbol, lineage, currentHeads), lineage).position;
  }
  if (spec.relative < 0) {
    throw new UserError(`'${text}' goes down; upgrade takes +N`, { hint: `Use \`orm downgrade ${text}\`.` });
  }
  const start = startOnBranch(graph, currentHeads, lineage);
  if (start.length > 1) {
    throw new UserError(`Ambiguous upgrade '${text}' from several current revisions: ${listIds(start)}`, {
      hint: 'Name the branch: LABEL@+N or REV+N, or upgrade to a revision id.',
    });
  }
  const walked = walkRevisions(graph, start, spec.relative, lineage?.members);
  if ('stuckAfter' in walked) {
    throw new UserError(
      `Cannot upgrade ${spec.relative} ${spec.relative === 1 ? 'step' : 'steps'} from ${start[0] ?? 'base'}: only ${walked.stuckAfter} revision(s) above it`,
      { hint: '`orm heads` shows where the branches end.' },
    );
  }
  return walked.position;
}

/** What a downgrade to `text` keeps, from `currentHeads`. */
export function resolveDowngradeTarget(graph: RevisionGraph, currentHeads: readonly string[], text: string): DowngradeTarget {
  const spec = parseTarget(text);
  const lineage = spec.branch === undefined ? undefined : lineageOf(graph, spec.branch);
  const target = (keep: string[], revertFrom?: string): DowngradeTarget => ({
    keep,
    ...(lineage ? { lineage } : {}),
    ...(revertFrom === undefined ? {} : { revertFrom }),
  });
  if (spec.relative === undefined) return target(resolveSymbol(graph, spec.symbol!, lineage, currentHeads));
  if (spec.symbol !== undefined) {
    const walked = walkOrThrow(graph, spec, resolveSymbol(graph, spec.symbol, lineage, currentHeads), lineage);
    return target(walked.position, walked.left);
  }
  if (spec.relative > 0) {
    throw new UserError(`'${text}' goes up; downgrade takes -N`, { hint: `Use \`orm upgrade ${text}\`.` });
  }
  const steps = -spec.relative;
  const start = startOnBranch(graph, currentHeads, lineage);
  if (start.length > 1) {
    throw new UserError(`Ambiguous downgrade '${text}' from several current revisions: ${listIds(start)}`, {
      hint: 'Name the branch: LABEL@-N or REV-N, or downgrade to a revision id.',
    });
  }
  const walked = walkRevisions(graph, start, spec.relative, undefined);
  if ('stuckAfter' in walked) {
    throw new UserError(`Cannot downgrade ${steps} ${steps === 1 ? 'step' : 'steps'}: only ${walked.stuckAfter} applied`, {
      hint: '`orm downgrade base` reverts everything; `orm current` shows what is applied.',
    });
  }
  return target(walked.position, walked.left);
}

/** `head`, `heads`, `base`, `current` or a revision (id, prefix, label), within a lineage if given. */
function resolveSymbol(graph: RevisionGraph, symbol: string, lineage: Lineage | undefined, current: readonly string[]): string[] {
  const onBranch = (ids: readonly string[]) => (lineage ? ids.filter((id) => lineage.members.has(id)) : [...ids]);
  switch (symbol) {
    case 'base':
      return [];
    case 'current':
      return onBranch(current);
    case 'heads':
      // a lineage excludes dependency edges, so filter plain heads (a label on a dependency target still has a head)
      return lineage ? onBranch(graph.heads) : [...graph.resolvedHeads];
    case 'head': {
      const heads = lineage ? onBranch(graph.heads) : [...graph.resolvedHeads];
      if (heads.length > 1) {
        throw new UserError(
          `'${lineage ? `${lineage.name}@head` : 'head'}' is ambiguous: there are ${heads.length} heads: ${listIds(heads)}`,
          { hint: "Name one with LABEL@head or its revision id, use 'heads' for all of them, or join them with `orm merge heads`." },
        );
      }
      return heads;
    }
    default: {
      const rev = graph.resolve(symbol, lineage?.members).revision;
      if (lineage && !lineage.members.has(rev)) {
        throw new UserError(`Revision '${rev}' is not on branch '${lineage.name}'`, {
          hint: `\`orm history -r ${lineage.name}@base:${lineage.name}@head\` lists that branch.`,
        });
      }
      return [rev];
    }
  }
}

/**
 * Where a relative move without a symbol starts: the current heads (on the branch, if one is
 * named); when the branch holds no head, the newest applied revisions on it; else base.
 */
function startOnBranch(graph: RevisionGraph, currentHeads: readonly string[], lineage: Lineage | undefined): string[] {
  if (!lineage) return [...currentHeads];
  const heads = currentHeads.filter((h) => lineage.members.has(h));
  if (heads.length > 0) return heads;
  const applied = [...graph.ancestors(currentHeads, { includeSelf: true })].filter((id) => lineage.members.has(id));
  const inSet = new Set(applied);
  return applied.filter((id) => !graph.node(id).children.some((c) => inSet.has(c))).sort();
}

function walkOrThrow(graph: RevisionGraph, spec: TargetSpec, start: string[], lineage: Lineage | undefined): Walked {
  const walked = walkRevisions(graph, start, spec.relative!, lineage?.members);
  if ('stuckAfter' in walked) {
    const where = start.length === 0 ? 'base' : listIds(start);
    const dir = spec.relative! > 0 ? 'up' : 'down';
    throw new UserError(
      `Cannot go ${Math.abs(spec.relative!)} steps ${dir} from ${where} ('${spec.text}'): only ${walked.stuckAfter} step(s) possible`,
      { hint: '`orm history` shows the revisions.' },
    );
  }
  return walked;
}

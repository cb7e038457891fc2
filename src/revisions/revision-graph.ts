/**
 * The revision graph: a DAG of revisions linked by `downRevision` (parents) and `dependsOn`
 * (ordering-only edges). Pure and immutable: built once from the headers, then queried.
 */
import { UserError } from '../util/errors.js';
import type { RevisionHeader } from './revision-header.js';
import { postOrder, reachable } from './topological-order.js';
import { describeRevision, findCycle, validateRevisions } from './validate-revisions.js';

/** One revision of the graph, with its edges in both directions. Arrays are sorted or in declared order. */
export interface RevisionNode {
  readonly revision: string;
  /** Parents, in declared order: empty for a base, several for a merge point. */
  readonly downRevisions: readonly string[];
  /** Revisions this one must run after without merging them, resolved to ids. */
  readonly dependsOn: readonly string[];
  /** Labels declared on this revision. */
  readonly branchLabels: readonly string[];
  readonly message?: string;
  readonly doc?: string;
  readonly path?: string;
  /** `downRevisions` then `dependsOn`: everything that must be applied before this revision. */
  readonly parents: readonly string[];
  /** Revisions naming this one in `downRevision` (sorted). Several: a branch point. */
  readonly children: readonly string[];
  /** Revisions naming this one in `dependsOn` (sorted). */
  readonly dependents: readonly string[];
  /** `children` and `dependents`: everything that must be reverted before this revision. */
  readonly next: readonly string[];
}

/** Options of ancestor/descendant queries. */
export interface WalkOptions {
  /** Follow `dependsOn` edges too (default true: they order migrations like parents do). */
  includeDependencies?: boolean;
  /** Include the starting revisions themselves (default false). */
  includeSelf?: boolean;
}

const MAX_LISTED = 10;

/** The revision graph built from the headers of a revision directory. */
export class RevisionGraph {
  /** Revisions no `downRevision` names: what `orm heads` lists (sorted). */
  readonly heads: readonly string[];
  /**
   * Heads with dependencies resolved: revisions nothing names in `downRevision` or
   * `dependsOn` (sorted). A head that is only a dependency target is applied by upgrading to
   * its dependents, so this is what the `head` and `heads` targets mean.
   */
  readonly resolvedHeads: readonly string[];
  /** Revisions without a `downRevision` (sorted). */
  readonly bases: readonly string[];

  private constructor(
    private readonly nodes: ReadonlyMap<string, RevisionNode>,
    private readonly labels: ReadonlyMap<string, string>,
  ) {
    const all = [...nodes.values()];
    this.heads = all.filter((n) => n.children.length === 0).map((n) => n.revision).sort();
    this.resolvedHeads = all.filter((n) => n.next.length === 0).map((n) => n.revision).sort();
    this.bases = all.filter((n) => n.downRevisions.length === 0).map((n) => n.revision).sort();
  }

  /**
   * Builds and validates the graph. Throws a UserError naming the files for duplicate ids,
   * a `downRevision`/`dependsOn` naming no revision, duplicate branch labels, or a cycle.
   */
  static build(revisions: readonly RevisionHeader[]): RevisionGraph {
    const { byId, labels } = validateRevisions(revisions);
    const children = new Map<string, string[]>();
    const dependents = new Map<string, string[]>();
    for (const rev of byId.values()) {
      for (const down of rev.downRevisions) push(children, down, rev.revision);
      for (const dep of rev.dependsOn) push(dependents, dep, rev.revision);
    }
    const nodes = new Map<string, RevisionNode>();
    for (const rev of byId.values()) {
      const kids = (children.get(rev.revision) ?? []).sort();
      const deps = (dependents.get(rev.revision) ?? []).sort();
      const node: RevisionNode = {
        revision: rev.revision,
        downRevisions: rev.downRevisions,
        dependsOn: rev.dependsOn,
        branchLabels: rev.branchLabels,
        parents: [...new Set([...rev.downRevisions, ...rev.dependsOn])],
        children: kids,
        dependents: deps,
        next: [...new Set([...kids, ...deps])].sort(),
        ...(rev.message === undefined ? {} : { message: rev.message }),
        ...(rev.doc === undefined ? {} : { doc: rev.doc }),
        ...(rev.path === undefined ? {} : { path: rev.path }),
      };
      nodes.set(rev.revision, node);
    }
    const cycle = findCycle(nodes.keys(), (id) => nodes.get(id)!.parents, (id) => nodes.get(id)!.next);
    if (cycle) {
      throw new UserError(
        `Revision cycle: ${[...cycle, cycle[0]].map((id) => describeRevision(nodes.get(id)!)).join(' -> ')}`,
        { hint: 'A revision cannot (even indirectly) come before itself; fix the downRevision or dependsOn of one of these files.' },
      );
    }
    return new RevisionGraph(nodes, labels);
  }

  /** Number of revisions. */
  get size(): number {
    return this.nodes.size;
  }

  /** The revision with this exact id, or undefined. */
  get(id: string): RevisionNode | undefined {
    return this.nodes.get(id);
  }

  /** The revision with this exact id; throws a UserError when there is none. */
  node(id: string): RevisionNode {
    const node = this.nodes.get(id);
    if (!node) throw new UserError(`No such revision '${id}'`);
    return node;
  }

  /** True when a revision has this exact id. */
  has(id: string): boolean {
    return this.nodes.has(id);
  }

  /** The revision that declares branch label `label`, or undefined. */
  labelOwner(label: string): string | undefined {
    return this.labels.get(label);
  }

  /** All branch labels, sorted. */
  get branchLabels(): string[] {
    return [...this.labels.keys()].sort();
  }

  /** Revisions with several children (sorted). */
  get branchPoints(): string[] {
    return [...this.nodes.values()].filter((n) => n.children.length > 1).map((n) => n.revision).sort();
  }

  /** Strict ancestors of `ids` (revisions that must be applied before them). */
  ancestors(ids: string | readonly string[], options: WalkOptions = {}): Set<string> {
    const deps = options.includeDependencies ?? true;
    const starts = this.known(typeof ids === 'string' ? [ids] : ids);
    return reachable(starts, (id) => (deps ? this.nodes.get(id)!.parents : this.nodes.get(id)!.downRevisions), options.includeSelf ?? false);
  }

  /** Strict descendants of `ids` (revisions that must be reverted before them). */
  descendants(ids: string | readonly string[], options: WalkOptions = {}): Set<string> {
    const deps = options.includeDependencies ?? true;
    const starts = this.known(typeof ids === 'string' ? [ids] : ids);
    return reachable(starts, (id) => (deps ? this.nodes.get(id)!.next : this.nodes.get(id)!.children), options.includeSelf ?? false);
  }

  /** True when `ancestor` must be applied before `descendant` (strictly; dependencies count). */
  isAncestor(ancestor: string, descendant: string, options: { includeDependencies?: boolean } = {}): boolean {
    if (ancestor === descendant) return false;
    this.known([ancestor]);
    return this.ancestors(descendant, options).has(ancestor);
  }

  /**
   * Finds a revision by full id, branch label, or unique prefix of an id. As in Alembic, a
   * prefix may be any length but only matches ids longer than 3 characters. `within`, when
   * given, restricts prefix candidates (a branch's lineage). Unknown or ambiguous: UserError
   * listing candidates.
   */
  resolve(idOrPartial: string, within?: ReadonlySet<string>): RevisionNode {
    const exact = this.nodes.get(idOrPartial) ?? this.nodes.get(this.labels.get(idOrPartial) ?? '');
    if (exact) return exact;
    const matches = [...this.nodes.keys()]
      .filter((id) => id.length > 3 && id.startsWith(idOrPartial) && (!within || within.has(id)))
      .sort();
    if (matches.length === 1) return this.nodes.get(matches[0]!)!;
    if (matches.length > 1) {
      throw new UserError(`Revision '${idOrPartial}' is ambiguous: ${listIds(matches)} start with it`, {
        hint: 'Give more characters of the revision id.',
      });
    }
    throw new UserError(`No such revision or branch label '${idOrPartial}'`, {
      hint:
        (idOrPartial.length < 4 ? 'Use at least four characters of a revision id. ' : '') +
        `${this.closest(idOrPartial)} \`orm history\` lists every revision.`,
    });
  }

  /** Every revision, newest first: each revision before its parents and dependencies; deterministic. */
  history(): RevisionNode[] {
    return postOrder(this.resolvedHeads, (id) => this.nodes.get(id)!.parents, () => true)
      .reverse()
      .map((id) => this.nodes.get(id)!);
  }

  /**
   * Branch labels that apply to `id`, as Alembic shows them: a label covers the revision that
   * declares it, its descendants, and its ancestors back to the nearest branch or merge point.
   */
  branchLabelsOf(id: string): string[] {
    const out: string[] = [];
    for (const [label, owner] of this.labels) {
      if (owner === id || this.isAncestor(owner, id, { includeDependencies: false })) {
        out.push(label);
        continue;
      }
      // walk down from the owner while the line has no branch or merge point
      for (let n = this.nodes.get(owner)!; n.downRevisions.length === 1; ) {
        n = this.nodes.get(n.downRevisions[0]!)!;
        if (n.children.length > 1 || n.downRevisions.length > 1) break;
        if (n.revision === id) {
          out.push(label);
          break;
        }
      }
    }
    return out.sort();
  }

  private known(ids: readonly string[]): readonly string[] {
    for (const id of ids) this.node(id);
    return ids;
  }

  private closest(query: string): string {
    let best: string[] = [];
    let bestLength = 0;
    for (const id of [...this.nodes.keys(), ...this.labels.keys()]) {
      let n = 0;
      while (n < id.length && n < query.length && id[n] === query[n]) n++;
      if (n > bestLength) [best, bestLength] = [[id], n];
      else if (n === bestLength && n > 0) best.push(id);
    }
    if (best.length > 0) return `Closest: ${listIds(best.sort())}.`;
    return this.heads.length > 0 ? `Heads: ${listIds(this.heads)}.` : 'There are no revisions yet.';
  }
}

/** `'a', 'b', 'c'` (at most ten, then "and N more"). */
export function listIds(ids: readonly string[]): string {
  const shown = ids.slice(0, MAX_LISTED).map((id) => `'${id}'`).join(', ');
  return ids.length > MAX_LISTED ? `${shown} and ${ids.length - MAX_LISTED} more` : shown;
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

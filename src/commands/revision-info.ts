/**
 * One revision as the graph commands (`heads`, `branches`, `history`, `show`, `current`)
 * report it: the same shape in every `--json` document.
 */
import { branchLabelsByRevision } from '../revisions/branch-label-coverage.js';
import type { RevisionGraph } from '../revisions/revision-graph.js';

/** A revision with its edges and markers. Paths are absolute. */
export interface RevisionInfo {
  readonly revision: string;
  /** Parents (`downRevision`), in declared order: empty for a base. */
  readonly downRevisions: readonly string[];
  /** Revisions it depends on without merging them (`dependsOn`, resolved to ids). */
  readonly dependsOn: readonly string[];
  /** Branch labels that apply: declared here, or on an ancestor or descendant on the same branch. */
  readonly branchLabels: readonly string[];
  /** Revisions whose `downRevision` names this one. */
  readonly children: readonly string[];
  /** Revisions whose `dependsOn` names this one. */
  readonly dependents: readonly string[];
  /** The first paragraph of the doc comment. */
  readonly message: string | null;
  /** The whole doc comment. */
  readonly doc: string | null;
  /** The doc comment's `Create Date:` line, as written. */
  readonly createDate: string | null;
  readonly path: string | null;
  /** Nothing follows it, not even as a dependency: a head `upgrade heads` reaches. */
  readonly isHead: boolean;
  /** No child, but other revisions depend on it: applied with them, never a version row of its own. */
  readonly isEffectiveHead: boolean;
  /** Several children. */
  readonly isBranchPoint: boolean;
  /** Several parents. */
  readonly isMergePoint: boolean;
  /** A row of the version table; null when the command did not read the database. */
  readonly isCurrent: boolean | null;
}

const CREATE_DATE = /^Create Date:[ \t]*(.*\S)[ \t]*$/m;

/** Describes revisions of one graph; the branch-label coverage is computed once. */
export class RevisionDescriber {
  readonly #graph: RevisionGraph;
  readonly #labels: Map<string, string[]>;
  readonly #heads: ReadonlySet<string>;
  readonly #resolvedHeads: ReadonlySet<string>;
  readonly #current: ReadonlySet<string> | null;

  /** `currentRows`: the version table's rows, or null when the database was not read. */
  constructor(graph: RevisionGraph, currentRows: readonly string[] | null = null) {
    this.#graph = graph;
    this.#labels = branchLabelsByRevision(graph);
    this.#heads = new Set(graph.heads);
    this.#resolvedHeads = new Set(graph.resolvedHeads);
    this.#current = currentRows === null ? null : new Set(currentRows);
  }

  describe(id: string): RevisionInfo {
    const node = this.#graph.node(id);
    const createDate = node.doc === undefined ? null : (CREATE_DATE.exec(node.doc)?.[1] ?? null);
    return {
      revision: node.revision,
      downRevisions: node.downRevisions,
      dependsOn: node.dependsOn,
      branchLabels: this.#labels.get(id) ?? [],
      children: node.children,
      dependents: node.dependents,
      message: node.message ?? null,
      doc: node.doc ?? null,
      createDate,
      path: node.path ?? null,
      isHead: this.#resolvedHeads.has(id),
      isEffectiveHead: this.#heads.has(id) && !this.#resolvedHeads.has(id),
      isBranchPoint: node.children.length > 1,
      isMergePoint: node.downRevisions.length > 1,
      isCurrent: this.#current === null ? null : this.#current.has(id),
    };
  }
}

/**
 * The revision graph as a picture sees it: nodes (oldest first) with their roles and the text
 * their box shows, and edges (`downRevision` parent → child, `dependsOn` target → dependent).
 * Pure: the Mermaid and Graphviz renderers and `orm graph --json` all start from this.
 */
import type { RevisionGraph } from '../revisions/revision-graph.js';

/** One revision of the picture. */
export interface PictureNode {
  /** The node's name in the rendered text: `r_<revision>`, or `x_<hex>` for ids with other characters. */
  readonly id: string;
  readonly revision: string;
  /** The id as the box shows it: in full up to 12 characters, else a unique prefix and `…`. */
  readonly shortId: string;
  /** The first paragraph of the doc comment, whole. */
  readonly message: string | null;
  /** Branch labels this revision declares (the box shows them). */
  readonly branchLabels: readonly string[];
  /** No `downRevision`. */
  readonly isBase: boolean;
  /** Nothing follows it, not even as a dependency: `upgrade heads` ends here. */
  readonly isHead: boolean;
  /** No child, but other revisions depend on it. */
  readonly isEffectiveHead: boolean;
  readonly isBranchPoint: boolean;
  readonly isMergePoint: boolean;
  /** A row of the version table; null when the database was not read. */
  readonly isCurrent: boolean | null;
}

/** An arrow: `from` must be applied before `to`. */
export interface PictureEdge {
  readonly from: string;
  readonly to: string;
  /** `downRevision`: `to` revises `from`; `dependsOn`: `to` depends on `from` without merging it. */
  readonly kind: 'downRevision' | 'dependsOn';
}

export interface RevisionPicture {
  /** Oldest first (each revision after everything it follows); deterministic. */
  readonly nodes: readonly PictureNode[];
  /** Grouped by the revision they lead to, in node order: its down revisions as declared, then its dependencies. */
  readonly edges: readonly PictureEdge[];
}

/** Ids up to this long are shown whole (generated ids are 12 hex characters). */
const SHORT_ID_LENGTH = 12;
/** Longest message a box shows before `…`. */
export const MAX_MESSAGE_LENGTH = 60;

/**
 * The picture of `graph`. `current`: the version table's rows, or null when the database was
 * not read (then every `isCurrent` is null).
 */
export function revisionPicture(graph: RevisionGraph, current: readonly string[] | null = null): RevisionPicture {
  const heads = new Set(graph.heads);
  const resolvedHeads = new Set(graph.resolvedHeads);
  const rows = current === null ? null : new Set(current);
  const ordered = graph.history().reverse();
  const ids = ordered.map((n) => n.revision);
  const nodes = ordered.map(
    (n): PictureNode => ({
      id: nodeName(n.revision),
      revision: n.revision,
      shortId: shortId(n.revision, ids),
      message: n.message ?? null,
      branchLabels: n.branchLabels,
      isBase: n.downRevisions.length === 0,
      isHead: resolvedHeads.has(n.revision),
      isEffectiveHead: heads.has(n.revision) && !resolvedHeads.has(n.revision),
      isBranchPoint: n.children.length > 1,
      isMergePoint: n.downRevisions.length > 1,
      isCurrent: rows === null ? null : rows.has(n.revision),
    }),
  );
  const edges = ordered.flatMap((n) => [
    ...n.downRevisions.map((from): PictureEdge => ({ from, to: n.revision, kind: 'downRevision' })),
    ...n.dependsOn.map((from): PictureEdge => ({ from, to: n.revision, kind: 'dependsOn' })),
  ]);
  return { nodes, edges };
}

/**
 * A node name both Mermaid and Graphviz take bare: `r_` and the id when it is letters, digits
 * and `_` (every generated id), else `x_` and the id's UTF-8 bytes in hex. Distinct ids give
 * distinct names, and `r_`/`x_` keep clear of Mermaid's keywords (`end`, `graph`, ...).
 */
export function nodeName(revision: string): string {
  return /^[A-Za-z0-9_]+$/.test(revision) ? `r_${revision}` : `x_${Buffer.from(revision, 'utf8').toString('hex')}`;
}

/**
 * `revision` in full when it is at most 12 characters; else its shortest prefix of at least 12
 * that no other id starts with (so `orm show PREFIX` finds it), and `…`.
 */
export function shortId(revision: string, all: readonly string[]): string {
  if (revision.length <= SHORT_ID_LENGTH) return revision;
  for (let n = SHORT_ID_LENGTH; n < revision.length; n++) {
    const prefix = revision.slice(0, n);
    if (!all.some((other) => other !== revision && other.startsWith(prefix))) return `${prefix}…`;
  }
  return revision;
}

/** Control characters, bidirectional overrides and isolates ("Trojan Source"), lone surrogates. */
const INVISIBLE = /[\p{Cc}\p{Cs}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/**
 * One line of label text: runs of white space (newlines included) as one space, invisible and
 * direction-changing characters removed, at most `max` characters (code points) then `…`.
 */
export function labelText(text: string, max = Number.POSITIVE_INFINITY): string {
  const flat = text
    .replace(/[\t\n\v\f\r\x85]/g, ' ')
    .replace(INVISIBLE, '')
    .replace(/[\s\p{Zs}\p{Zl}\p{Zp}]+/gu, ' ')
    .trim();
  const chars = Array.from(flat);
  return chars.length <= max ? flat : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

/** The lines of a node's box: `ID (label, ...)`, then the message when there is one. */
export function nodeLines(node: PictureNode): string[] {
  const labels = node.branchLabels.length > 0 ? ` (${node.branchLabels.join(', ')})` : '';
  const message = node.message === null ? '' : labelText(node.message, MAX_MESSAGE_LENGTH);
  return [labelText(`${node.shortId}${labels}`), ...(message === '' ? [] : [message])];
}

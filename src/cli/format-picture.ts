/**
 * Output of `orm graph` and `orm history --graph`: the pictures of the revision graph.
 */
import type { GraphResult } from '../commands/graph.js';
import type { HistoryResult } from '../commands/history.js';
import type { RevisionInfo } from '../commands/revision-info.js';
import { historyGraphRows } from '../render/render-history-graph.js';
import { revisionLine } from './format-graph.js';
import type { Output } from './output.js';

/** `orm graph`: the Mermaid or DOT text as it is; `--json`: the result with nodes and edges. */
export function formatGraphPicture(out: Output, result: GraphResult): void {
  out.document(result);
  out.line(result.text.replace(/\n$/, ''));
}

/** `REV (labels) (head) (current) (branchpoint) (mergepoint) (depends on X), message`. */
function historyGraphText(out: Output, r: RevisionInfo): string {
  let text = revisionLine(out, { ...r, message: null }, { labels: true, tree: true });
  if (r.dependsOn.length > 0) text += ` (depends on ${r.dependsOn.join(', ')})`;
  return r.message === null ? text : `${text}, ${r.message}`;
}

/**
 * `orm history --graph`: the history drawn as `git log --graph` draws it, newest first, one
 * revision a `*` row; `--json`: the history document with the rows (`{ graph, revision }`).
 */
export function formatHistoryGraph(out: Output, result: HistoryResult): void {
  const byId = new Map(result.revisions.map((r) => [r.revision, r]));
  const rows = historyGraphRows(result.revisions.map((r) => ({ id: r.revision, parents: r.downRevisions })));
  out.document({ ...result, graph: rows });
  for (const row of rows) out.line(row.revision === null ? row.graph : `${row.graph} ${historyGraphText(out, byId.get(row.revision)!)}`);
}

/**
 * Which branch labels apply to which revisions, computed once for the whole graph (the same
 * rule as RevisionGraph.branchLabelsOf, which answers for one revision at a time and would
 * cost a graph walk per revision when `history` lists thousands of them).
 */
import type { RevisionGraph } from './revision-graph.js';

/**
 * Label → the revisions it covers: the revision declaring it, that revision's descendants
 * (through `downRevision` only), and its ancestors back to, not including, the nearest branch
 * point or merge point.
 */
export function branchLabelCoverage(graph: RevisionGraph): Map<string, Set<string>> {
  const coverage = new Map<string, Set<string>>();
  for (const label of graph.branchLabels) {
    const owner = graph.labelOwner(label)!;
    const covered = graph.descendants(owner, { includeDependencies: false, includeSelf: true });
    for (let node = graph.node(owner); node.downRevisions.length === 1; ) {
      node = graph.node(node.downRevisions[0]!);
      if (node.children.length > 1 || node.downRevisions.length > 1) break;
      covered.add(node.revision);
    }
    coverage.set(label, covered);
  }
  return coverage;
}

/** Revision → the labels covering it (sorted); revisions without labels are absent. */
export function branchLabelsByRevision(graph: RevisionGraph): Map<string, string[]> {
  const byRevision = new Map<string, string[]>();
  for (const [label, revisions] of branchLabelCoverage(graph)) {
    for (const id of revisions) {
      const labels = byRevision.get(id);
      if (labels) labels.push(label);
      else byRevision.set(id, [label]);
    }
  }
  // graph.branchLabels is sorted, so each list already is
  return byRevision;
}

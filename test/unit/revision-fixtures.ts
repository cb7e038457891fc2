// Not a test file: builders shared by the revision-*.test.ts files.
import { RevisionGraph } from '../../src/revisions/revision-graph.js';
import type { RevisionHeader } from '../../src/revisions/revision-header.js';

/** A revision in compact form: its down revisions, or an object with labels and dependencies. */
export type Spec = string | string[] | null | { down?: string | string[] | null; labels?: string[]; deps?: string[] };

/** Headers from `{ id: downRevisions }`; paths are `versions/<id>.ts`. */
export function headers(spec: Record<string, Spec>): RevisionHeader[] {
  return Object.entries(spec).map(([revision, s]) => {
    const o = s !== null && typeof s === 'object' && !Array.isArray(s) ? s : { down: s };
    const down = o.down ?? null;
    return {
      revision,
      downRevisions: down === null ? [] : typeof down === 'string' ? [down] : down,
      branchLabels: o.labels ?? [],
      dependsOn: o.deps ?? [],
      message: `message of ${revision}`,
      path: `versions/${revision}.ts`,
    };
  });
}

export function graph(spec: Record<string, Spec>): RevisionGraph {
  return RevisionGraph.build(headers(spec));
}

/** What the version table must hold for an applied set: applied revisions nothing applied follows. */
export function expectedHeads(g: RevisionGraph, applied: ReadonlySet<string>): string[] {
  return [...applied].filter((id) => !g.node(id).next.some((n) => applied.has(n))).sort();
}

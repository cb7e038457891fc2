import { listIds, type RevisionGraph } from './revision-graph.js';

/** Where the version table's rows stand against the graph's heads. */
export interface HeadsCheck {
  /** Heads (dependencies considered) not applied. */
  readonly missingHeads: string[];
  /** Rows no revision file declares. */
  readonly unknownRows: string[];
  /** Rows below other applied heads (only reported when every head is applied). */
  readonly staleRows: string[];
  /** One sentence saying what is wrong, or null when the database is at every head. */
  readonly problem: string | null;
}

/**
 * Is the database at every head? Used by `current --check-heads` (a CI gate) and by
 * autogenerate, which compares the models with a database that must be up to date.
 */
export function checkAtHeads(graph: RevisionGraph, rows: readonly string[]): HeadsCheck {
  const known = rows.filter((id) => graph.has(id));
  const unknownRows = rows.filter((id) => !graph.has(id));
  const applied = graph.ancestors(known, { includeSelf: true });
  const missingHeads = graph.resolvedHeads.filter((id) => !applied.has(id));
  const problems: string[] = [];
  if (missingHeads.length > 0) {
    problems.push(`${missingHeads.length === 1 ? 'head' : 'heads'} ${listIds(missingHeads)} ${missingHeads.length === 1 ? 'is' : 'are'} not applied`);
  }
  if (unknownRows.length > 0) problems.push(`the version table holds ${listIds(unknownRows)}, which no revision file declares`);
  // with every head applied, the rows must be exactly the heads; another row is a stale one
  const heads = new Set(graph.resolvedHeads);
  const staleRows = missingHeads.length === 0 ? known.filter((id) => !heads.has(id)) : [];
  if (staleRows.length > 0) problems.push(`the version table also holds ${listIds(staleRows)}, below other heads`);
  const problem = problems.length === 0 ? null : `The database is not at every head: ${problems.join('; ')}`;
  return { missingHeads, unknownRows, staleRows, problem };
}

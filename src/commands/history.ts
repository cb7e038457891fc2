import type { CommandContext } from './command-context.js';
import { openProject } from './project.js';

export interface HistoryEntry {
  readonly revision: string;
  readonly downRevisions: readonly string[];
  readonly message: string | null;
  readonly isHead: boolean;
  readonly isBranchPoint: boolean;
  readonly isMergePoint: boolean;
  readonly path: string | null;
}

function entry(node: { revision: string; downRevisions: readonly string[]; children: readonly string[]; message?: string; path?: string }, heads: ReadonlySet<string>): HistoryEntry {
  return {
    revision: node.revision,
    downRevisions: node.downRevisions,
    message: node.message ?? null,
    isHead: heads.has(node.revision),
    isBranchPoint: node.children.length > 1,
    isMergePoint: node.downRevisions.length > 1,
    path: node.path ?? null,
  };
}

/** `orm history`: every revision, newest first. Reads headers only; no database. */
export async function history(ctx: CommandContext): Promise<{ readonly revisions: HistoryEntry[] }> {
  const { graph } = await openProject(ctx);
  const heads = new Set(graph.heads);
  return { revisions: graph.history().map((n) => entry(n, heads)) };
}

/** `orm heads`: the revisions nothing revises. */
export async function heads(ctx: CommandContext): Promise<{ readonly heads: HistoryEntry[] }> {
  const { graph } = await openProject(ctx);
  const set = new Set(graph.heads);
  return { heads: graph.heads.map((id) => entry(graph.node(id), set)) };
}

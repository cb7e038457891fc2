import type { CommandContext } from './command-context.js';
import { currentHeads } from './migrate.js';
import { withDatabase } from './open-database.js';
import { openProject } from './project.js';

export interface CurrentResult {
  readonly revisions: Array<{ readonly revision: string; readonly isHead: boolean; readonly message: string | null; readonly known: boolean }>;
}

/** `orm current`: the version table's rows, each marked when it is a head of the graph. */
export async function current(ctx: CommandContext): Promise<CurrentResult> {
  const { config, graph } = await openProject(ctx);
  const rows = await withDatabase(config, currentHeads);
  const heads = new Set(graph.heads);
  return {
    revisions: rows.map((revision) => {
      const node = graph.get(revision);
      return { revision, isHead: heads.has(revision), message: node?.message ?? null, known: node !== undefined };
    }),
  };
}

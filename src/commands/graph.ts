/**
 * `orm graph`: the revision graph as a picture (Mermaid or Graphviz DOT). Reads revision
 * headers only; the database is opened just when `--indicate-current` asks for its revisions.
 */
import { renderDot } from '../render/render-graph-dot.js';
import { type GraphDirection, renderMermaid } from '../render/render-graph-mermaid.js';
import { type PictureEdge, type PictureNode, revisionPicture } from '../render/revision-picture.js';
import { checkCurrentHeads } from '../revisions/migration-plan.js';
import type { CommandContext } from './command-context.js';
import { type Project, openProject } from './project.js';

export type GraphFormat = 'mermaid' | 'dot';
export interface GraphOptions {
  /** Default `mermaid`. */
  readonly format?: GraphFormat;
  /** Default `BT`: oldest at the bottom. */
  readonly direction?: GraphDirection;
  /** Read the version table and mark its revisions. Without it the database is never opened. */
  readonly indicateCurrent?: boolean;
  /** Wrap the text in a Markdown code fence (```mermaid / ```dot), for a pull request. */
  readonly markdown?: boolean;
}

export interface GraphResult {
  readonly format: GraphFormat;
  readonly direction: GraphDirection;
  /** The version table's rows when the database was read, else null. */
  readonly current: string[] | null;
  /** Oldest first; `id` is the node's name in `text`. */
  readonly nodes: readonly PictureNode[];
  /** `from` is applied before `to` (revision ids). */
  readonly edges: readonly PictureEdge[];
  /** The picture: Mermaid or DOT text, ending with a newline. */
  readonly text: string;
}

/** The version table's rows, checked against the graph. */
async function readCurrent(project: Project): Promise<string[]> {
  // imported here: the database layers (kysely, drivers) stay unloaded unless asked for
  const [{ withDatabase }, { currentHeads }] = await Promise.all([import('./open-database.js'), import('./migrate.js')]);
  return checkCurrentHeads(project.graph, await withDatabase(project.config, currentHeads));
}

/** `orm graph [--format mermaid|dot] [--direction D] [-i] [--markdown]`. */
export async function graph(ctx: CommandContext, options: GraphOptions = {}): Promise<GraphResult> {
  const project = await openProject(ctx);
  const format = options.format ?? 'mermaid';
  const direction = options.direction ?? 'BT';
  const current = options.indicateCurrent ? await readCurrent(project) : null;
  const picture = revisionPicture(project.graph, current);
  const body = format === 'dot' ? renderDot(picture, { direction }) : renderMermaid(picture, { direction });
  const text = options.markdown ? `\`\`\`${format}\n${body}\`\`\`\n` : body;
  return { format, direction, current, nodes: picture.nodes, edges: picture.edges, text };
}

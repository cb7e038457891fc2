/**
 * The revision graph in Graphviz's DOT language (`orm graph --format dot | dot -Tsvg > graph.svg`).
 * Pure: a RevisionPicture in, text out.
 */
import type { GraphRenderOptions } from './render-graph-mermaid.js';
import { type PictureNode, type RevisionPicture, nodeLines } from './revision-picture.js';

/**
 * A DOT double-quoted label: `"` and `\` escaped (so `\N`, `\G`, `\l`... stay literal), `&` as
 * `&amp;` (Graphviz reads HTML entities such as `&lt;` in labels), lines joined with `\n`.
 */
export function dotString(lines: readonly string[]): string {
  return `"${lines.map((line) => line.replace(/[\\"&]/g, (ch) => (ch === '&' ? '&amp;' : `\\${ch}`))).join('\\n')}"`;
}

const BRANCH_POINT_FILL = '#fff1c2';
const CURRENT_FILL = '#c8f7d4';
const CURRENT_BORDER = '#1a7f37';

/** The attributes a node has beyond the defaults (a rounded box). */
function attributes(node: PictureNode): string[] {
  const attrs = [`label=${dotString(nodeLines(node))}`];
  const style: string[] = [];
  if (node.isMergePoint) attrs.push('shape=hexagon');
  else style.push('rounded');
  if (node.isEffectiveHead) style.push('dashed');
  if (node.isBranchPoint || node.isCurrent === true) style.push('filled');
  if (style.join(',') !== 'rounded') attrs.push(`style="${style.join(',')}"`);
  if (node.isHead || node.isEffectiveHead) attrs.push('penwidth=3');
  if (node.isCurrent === true) attrs.push(`fillcolor="${CURRENT_FILL}"`, `color="${CURRENT_BORDER}"`);
  else if (node.isBranchPoint) attrs.push(`fillcolor="${BRANCH_POINT_FILL}"`);
  return attrs;
}

/**
 * `digraph revisions`: a box per revision (id and branch labels, then the message), a solid arrow
 * from each revision to the ones revising it, a dashed arrow from a dependency to its dependent;
 * merge points are hexagons, heads have a thick border (dashed: effective head), branch points
 * are yellow and the database's current revisions green. Ends with a newline.
 */
export function renderDot(picture: RevisionPicture, options: GraphRenderOptions = {}): string {
  const names = new Map(picture.nodes.map((n) => [n.revision, n.id]));
  const out = [
    'digraph revisions {',
    '  // orm revision graph. Arrows: revised by (solid), depended on by (dashed). Hexagon: merge point;',
    '  // thick border: head; dashed border: effective head (only depended on); yellow: branch point; green: current (in the database).',
    `  rankdir=${options.direction ?? 'BT'};`,
    '  node [shape=box, style=rounded, fontname="Helvetica,Arial,sans-serif"];',
    '  edge [arrowsize=0.8];',
  ];
  for (const node of picture.nodes) out.push(`  ${node.id} [${attributes(node).join(', ')}];`);
  for (const edge of picture.edges) {
    out.push(`  ${names.get(edge.from)!} -> ${names.get(edge.to)!}${edge.kind === 'dependsOn' ? ' [style=dashed]' : ''};`);
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}

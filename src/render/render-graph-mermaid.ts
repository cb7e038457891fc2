/**
 * The revision graph as a Mermaid flowchart, to paste into a pull request or a README (GitHub
 * renders a ```mermaid block). Pure: a RevisionPicture in, text out.
 */
import { type PictureNode, type RevisionPicture, nodeLines } from './revision-picture.js';

/** Which way the arrows point: `BT` (default) puts the oldest revision at the bottom, as `history` lists it last. */
export type GraphDirection = 'BT' | 'TB' | 'LR' | 'RL';
export const GRAPH_DIRECTIONS: readonly GraphDirection[] = ['BT', 'TB', 'LR', 'RL'];

export interface GraphRenderOptions {
  readonly direction?: GraphDirection;
}

/**
 * Characters written as Mermaid entity codes inside a quoted label: the quote that would end it,
 * `#` (starts an entity code), `&`, `<`, `>` (HTML labels), the backtick (a label starting with
 * one is Markdown), and `:` (with `#...;` after it on a line naming `style`, Mermaid's
 * preprocessor would cut a `;`).
 */
const MERMAID_ESCAPES: Readonly<Record<string, string>> = {
  '"': '#quot;',
  '#': '#35;',
  '&': '#amp;',
  '<': '#lt;',
  '>': '#gt;',
  '`': '#96;',
  ':': '#58;',
};

/** A line of label text inside Mermaid's `"..."`. */
export function mermaidText(text: string): string {
  return text.replace(/["#&<>`:]/g, (ch) => MERMAID_ESCAPES[ch]!);
}

/** Styles, in this order so that a later one wins where two set the same property (current over branch point). */
const CLASS_DEFS: ReadonlyArray<[string, string, (n: PictureNode) => boolean]> = [
  ['branchpoint', 'fill:#fff1c2,stroke:#9a6700,color:#000', (n) => n.isBranchPoint],
  ['head', 'stroke-width:3px', (n) => n.isHead],
  ['effectiveHead', 'stroke-width:3px,stroke-dasharray:6 3', (n) => n.isEffectiveHead],
  ['current', 'fill:#c8f7d4,stroke:#1a7f37,color:#000', (n) => n.isCurrent === true],
];

/**
 * The box: a hexagon for a merge point, a stadium for a head, rounded otherwise (an effective
 * head too: Mermaid draws no dashed border around a stadium).
 */
function shape(node: PictureNode, label: string): string {
  if (node.isMergePoint) return `{{"${label}"}}`;
  if (node.isHead) return `(["${label}"])`;
  return `("${label}")`;
}

/**
 * `flowchart BT`: a box per revision (id and branch labels, then the message), a solid arrow from
 * each revision to the ones revising it, a dotted arrow from a dependency to its dependent;
 * heads, effective heads, merge points, branch points and the database's current revisions
 * styled apart. Ends with a newline.
 */
export function renderMermaid(picture: RevisionPicture, options: GraphRenderOptions = {}): string {
  const names = new Map(picture.nodes.map((n) => [n.revision, n.id]));
  const out = [
    `flowchart ${options.direction ?? 'BT'}`,
    '  %% orm revision graph. Arrows: revised by (solid), depended on by (dotted). Stadium: head; hexagon: merge point;',
    '  %% thick border: head; dashed: effective head (only depended on); yellow: branch point; green: current (in the database).',
  ];
  for (const node of picture.nodes) out.push(`  ${node.id}${shape(node, nodeLines(node).map(mermaidText).join('<br/>'))}`);
  for (const edge of picture.edges) {
    out.push(`  ${names.get(edge.from)!} ${edge.kind === 'dependsOn' ? '-.->' : '-->'} ${names.get(edge.to)!}`);
  }
  for (const [name, style, applies] of CLASS_DEFS) {
    const members = picture.nodes.filter(applies).map((n) => n.id);
    if (members.length > 0) out.push(`  classDef ${name} ${style}`, `  class ${members.join(',')} ${name}`);
  }
  return `${out.join('\n')}\n`;
}

/**
 * Syntax checks of the pictures `orm graph` prints, for tests.
 *
 * - Mermaid: Mermaid's own parser (the `mermaid` devDependency, with jsdom for its sanitizer), run
 *   in a child process (`mermaid-check.mjs`); it reports the nodes, labels (as a reader sees them),
 *   shapes, classes and edges it understood.
 * - DOT: a strict parser of the subset `renderDot` writes (anything else is an error), always;
 *   and Graphviz itself (`dot -Tsvg`) when it is installed, reading the label lines back from the SVG.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './cli.js';

export interface MermaidVertex {
  id: string;
  shape: string | null;
  classes: string[];
  /** The label as shown: entity codes decoded, one line per `<br/>`. */
  text: string;
}

export type MermaidCheck =
  | { ok: true; type: string; direction: string | null; vertices: MermaidVertex[]; edges: Array<{ from: string; to: string; stroke: string; type: string }>; classDefs: Record<string, string[]> }
  | { ok: false; error: string };

/** Parses each text with Mermaid (one child process for all of them). */
export function checkMermaid(texts: readonly string[]): MermaidCheck[] {
  const r = spawnSync(process.execPath, [join(ROOT, 'test/helpers/mermaid-check.mjs')], {
    input: JSON.stringify(texts),
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`mermaid-check failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as MermaidCheck[];
}

export interface DotGraph {
  name: string;
  /** Graph attributes (`rankdir=BT;`). */
  attributes: Record<string, string>;
  nodeDefaults: Record<string, string>;
  edgeDefaults: Record<string, string>;
  /** Node statements in order; quoted values decoded (`\n` a newline, a label's `&amp;` an `&`). */
  nodes: Array<{ id: string; attributes: Record<string, string> }>;
  edges: Array<{ from: string; to: string; attributes: Record<string, string> }>;
}

type Token = { kind: 'id' | 'number' | 'string' | 'punct'; text: string; value: string; at: number };

const KEYWORDS = new Set(['node', 'edge', 'graph', 'digraph', 'subgraph', 'strict']);
/** The attributes renderDot writes; another one is a mistake. */
const KNOWN_ATTRIBUTES = new Set(['rankdir', 'shape', 'style', 'fontname', 'arrowsize', 'label', 'penwidth', 'fillcolor', 'color']);

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const fail = (why: string): never => {
    const line = text.slice(0, i).split('\n').length;
    throw new Error(`DOT syntax: ${why} at line ${line}: ${JSON.stringify(text.slice(i, i + 30))}`);
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === ' ' || ch === '\n' || ch === '\t') {
      i++;
    } else if (text.startsWith('//', i)) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (/[A-Za-z_]/.test(ch)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i))!;
      tokens.push({ kind: 'id', text: m[0], value: m[0], at: i });
      i += m[0].length;
    } else if (/[0-9.]/.test(ch)) {
      const m = /^(?:\d+(?:\.\d*)?|\.\d+)/.exec(text.slice(i));
      if (!m) fail('bad number');
      tokens.push({ kind: 'number', text: m![0], value: m![0], at: i });
      i += m![0].length;
    } else if (ch === '"') {
      let value = '';
      let j = i + 1;
      for (;;) {
        const c = text[j];
        if (c === undefined) fail('unterminated string');
        if (c === '"') break;
        if (c === '\n' || c === '\r') fail('raw line break in a string');
        if (c === '\\') {
          const next = text[j + 1];
          if (next === '"' || next === '\\') value += next;
          else if (next === 'n') value += '\n';
          else fail(`escape \\${next ?? ''} (only \\" \\\\ \\n are written)`);
          j += 2;
        } else {
          value += c;
          j++;
        }
      }
      tokens.push({ kind: 'string', text: text.slice(i, j + 1), value, at: i });
      i = j + 1;
    } else if (text.startsWith('->', i)) {
      tokens.push({ kind: 'punct', text: '->', value: '->', at: i });
      i += 2;
    } else if ('{}[]=;,'.includes(ch)) {
      tokens.push({ kind: 'punct', text: ch, value: ch, at: i });
      i++;
    } else {
      fail(`unexpected character ${JSON.stringify(ch)}`);
    }
  }
  return tokens;
}

/**
 * Parses DOT text, accepting only what renderDot writes: `digraph NAME { ... }` with graph
 * attributes, `node`/`edge` defaults, node statements (declared once, before any edge naming
 * them) and `A -> B` edges, every statement ended by `;`. Throws on anything else.
 */
export function parseDot(text: string): DotGraph {
  const tokens = tokenize(text);
  let p = 0;
  const peek = () => tokens[p];
  const fail = (why: string): never => {
    const t = tokens[p];
    throw new Error(`DOT syntax: ${why}${t ? ` at ${JSON.stringify(t.text)} (offset ${t.at})` : ' at the end'}`);
  };
  const expect = (value: string) => {
    if (peek()?.kind !== 'punct' || peek()!.value !== value) fail(`expected '${value}'`);
    p++;
  };
  const name = (): string => {
    const t = peek();
    if (t?.kind !== 'id' || KEYWORDS.has(t.value.toLowerCase())) fail('expected a node name');
    p++;
    return t!.value;
  };
  const value = (): string => {
    const t = peek();
    if (!t || t.kind === 'punct') fail('expected a value');
    p++;
    return t!.value;
  };
  const attributeList = (): Record<string, string> => {
    const attrs: Record<string, string> = {};
    expect('[');
    while (!(peek()?.kind === 'punct' && peek()!.value === ']')) {
      const key = peek();
      if (key?.kind !== 'id' || !KNOWN_ATTRIBUTES.has(key.value)) fail('expected a known attribute');
      p++;
      if (key!.value in attrs) fail(`attribute ${key!.value} given twice`);
      expect('=');
      let v = value();
      if (key!.value === 'label') {
        // Graphviz reads HTML entities in labels: renderDot writes every `&` as `&amp;`
        if (/&(?!amp;)/.test(v)) fail('a label with an & not written &amp; (Graphviz would read an entity)');
        v = v.replace(/&amp;/g, '&');
      }
      attrs[key!.value] = v;
      if (peek()?.kind === 'punct' && peek()!.value === ',') p++;
      else if (!(peek()?.kind === 'punct' && peek()!.value === ']')) fail("expected ',' or ']'");
    }
    expect(']');
    return attrs;
  };

  if (peek()?.value !== 'digraph') fail("expected 'digraph'");
  p++;
  const graph: DotGraph = { name: name(), attributes: {}, nodeDefaults: {}, edgeDefaults: {}, nodes: [], edges: [] };
  expect('{');
  const declared = new Set<string>();
  while (!(peek()?.kind === 'punct' && peek()!.value === '}')) {
    const t = peek();
    if (t?.kind === 'id' && (t.value === 'node' || t.value === 'edge')) {
      p++;
      Object.assign(t.value === 'node' ? graph.nodeDefaults : graph.edgeDefaults, attributeList());
    } else if (t?.kind === 'id' && tokens[p + 1]?.value === '=') {
      if (!KNOWN_ATTRIBUTES.has(t.value)) fail('expected a known graph attribute');
      p += 2;
      graph.attributes[t.value] = value();
    } else {
      const from = name();
      if (peek()?.value === '->') {
        p++;
        const to = name();
        for (const id of [from, to]) if (!declared.has(id)) fail(`edge names undeclared node ${id}`);
        graph.edges.push({ from, to, attributes: peek()?.value === '[' ? attributeList() : {} });
      } else {
        if (declared.has(from)) fail(`node ${from} declared twice`);
        if (graph.edges.length > 0) fail('node statement after the edges');
        declared.add(from);
        graph.nodes.push({ id: from, attributes: attributeList() });
      }
    }
    expect(';');
  }
  expect('}');
  if (p !== tokens.length) fail('text after the graph');
  return graph;
}

/** `dot` on the PATH? */
export function graphvizAvailable(): boolean {
  return spawnSync('dot', ['-V'], { encoding: 'utf8' }).status === 0;
}

/** Runs `dot -Tsvg`; status, SVG and stderr. */
export function runGraphviz(text: string): { status: number; svg: string; stderr: string } {
  const r = spawnSync('dot', ['-Tsvg'], { input: text, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status ?? -1, svg: r.stdout, stderr: r.stderr };
}

function xmlText(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) => {
    const lower = e.toLowerCase();
    if (lower.startsWith('#x')) return String.fromCodePoint(parseInt(lower.slice(2), 16));
    if (lower.startsWith('#')) return String.fromCodePoint(parseInt(lower.slice(1), 10));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[lower]!;
  });
}

/** Node name → the lines of text Graphviz drew in its box, from the SVG. */
export function svgNodeLines(svg: string): Map<string, string[]> {
  const nodes = new Map<string, string[]>();
  for (const m of svg.matchAll(/<g id="[^"]*" class="node">\s*<title>([^<]*)<\/title>([\s\S]*?)<\/g>/g)) {
    const lines = [...m[2]!.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((t) => xmlText(t[1]!));
    nodes.set(xmlText(m[1]!), lines);
  }
  return nodes;
}

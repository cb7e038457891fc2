/**
 * `orm graph`'s pictures: the model (nodes, roles, edges), the Mermaid and DOT text (golden),
 * escaping of labels, and their syntax: Mermaid's own parser reads every text back to the same
 * nodes, labels, shapes, classes and edges; DOT passes a strict parser of the subset we write,
 * and Graphviz (`dot -Tsvg`) when it is installed, which draws the same label lines.
 */
import { renderDot, dotString } from '../../src/render/render-graph-dot.js';
import { GRAPH_DIRECTIONS, mermaidText, renderMermaid } from '../../src/render/render-graph-mermaid.js';
import { type RevisionPicture, labelText, nodeLines, nodeName, revisionPicture, shortId } from '../../src/render/revision-picture.js';
import { RevisionGraph } from '../../src/revisions/revision-graph.js';
import type { RevisionHeader } from '../../src/revisions/revision-header.js';
import { checkMermaid, graphvizAvailable, parseDot, runGraphviz, svgNodeLines, type MermaidCheck } from '../helpers/graph-check.js';

type Spec = [down: string | string[] | null, message: string | null, labels?: string[], deps?: string[]];

function build(spec: Record<string, Spec>): RevisionGraph {
  const headers: RevisionHeader[] = Object.entries(spec).map(([revision, [down, message, labels = [], deps = []]]) => ({
    revision,
    downRevisions: down === null ? [] : typeof down === 'string' ? [down] : down,
    branchLabels: labels,
    dependsOn: deps,
    ...(message === null ? {} : { message }),
    path: `versions/${revision}.ts`,
  }));
  return RevisionGraph.build(headers);
}

/**
 *   base1 -> rev_a -> rev_b1 ------------------> merge_m -> rev_d1
 *                  \-> rev_c1 -> rev_c2 (feature) -/      \-> rev_e1 (dependsOn rev_d1)
 *   audit1 (audit) -> audit2
 */
const BRANCHED = build({
  base1: [null, 'base'],
  rev_a: ['base1', 'a'],
  rev_b1: ['rev_a', 'b1'],
  rev_c1: ['rev_a', 'c1', ['feature']],
  rev_c2: ['rev_c1', 'add "orders" (draft) <v2> & #7: café ✓'],
  merge_m: [['rev_b1', 'rev_c2'], 'merge b1 and c2'],
  rev_d1: ['merge_m', 'd1'],
  rev_e1: ['merge_m', 'e1', [], ['rev_d1']],
  audit1: [null, 'audit', ['audit']],
  audit2: ['audit1', 'audit2'],
});

const MERMAID = `flowchart BT
  %% orm revision graph. Arrows: revised by (solid), depended on by (dotted). Stadium: head; hexagon: merge point;
  %% thick border: head; dashed: effective head (only depended on); yellow: branch point; green: current (in the database).
  r_audit1("audit1 (audit)<br/>audit")
  r_audit2(["audit2<br/>audit2"])
  r_base1("base1<br/>base")
  r_rev_a("rev_a<br/>a")
  r_rev_b1("rev_b1<br/>b1")
  r_rev_c1("rev_c1 (feature)<br/>c1")
  r_rev_c2("rev_c2<br/>add #quot;orders#quot; (draft) #lt;v2#gt; #amp; #35;7#58; café ✓")
  r_merge_m{{"merge_m<br/>merge b1 and c2"}}
  r_rev_d1("rev_d1<br/>d1")
  r_rev_e1(["rev_e1<br/>e1"])
  r_audit1 --> r_audit2
  r_base1 --> r_rev_a
  r_rev_a --> r_rev_b1
  r_rev_a --> r_rev_c1
  r_rev_c1 --> r_rev_c2
  r_rev_b1 --> r_merge_m
  r_rev_c2 --> r_merge_m
  r_merge_m --> r_rev_d1
  r_merge_m --> r_rev_e1
  r_rev_d1 -.-> r_rev_e1
  classDef branchpoint fill:#fff1c2,stroke:#9a6700,color:#000
  class r_rev_a,r_merge_m branchpoint
  classDef head stroke-width:3px
  class r_audit2,r_rev_e1 head
  classDef effectiveHead stroke-width:3px,stroke-dasharray:6 3
  class r_rev_d1 effectiveHead
`;

const DOT_CURRENT_MERGE = `digraph revisions {
  // orm revision graph. Arrows: revised by (solid), depended on by (dashed). Hexagon: merge point;
  // thick border: head; dashed border: effective head (only depended on); yellow: branch point; green: current (in the database).
  rankdir=BT;
  node [shape=box, style=rounded, fontname="Helvetica,Arial,sans-serif"];
  edge [arrowsize=0.8];
  r_audit1 [label="audit1 (audit)\\naudit"];
  r_audit2 [label="audit2\\naudit2", penwidth=3];
  r_base1 [label="base1\\nbase"];
  r_rev_a [label="rev_a\\na", style="rounded,filled", fillcolor="#fff1c2"];
  r_rev_b1 [label="rev_b1\\nb1"];
  r_rev_c1 [label="rev_c1 (feature)\\nc1"];
  r_rev_c2 [label="rev_c2\\nadd \\"orders\\" (draft) <v2> &amp; #7: café ✓"];
  r_merge_m [label="merge_m\\nmerge b1 and c2", shape=hexagon, style="filled", fillcolor="#c8f7d4", color="#1a7f37"];
  r_rev_d1 [label="rev_d1\\nd1", style="rounded,dashed", penwidth=3];
  r_rev_e1 [label="rev_e1\\ne1", penwidth=3];
  r_audit1 -> r_audit2;
  r_base1 -> r_rev_a;
  r_rev_a -> r_rev_b1;
  r_rev_a -> r_rev_c1;
  r_rev_c1 -> r_rev_c2;
  r_rev_b1 -> r_merge_m;
  r_rev_c2 -> r_merge_m;
  r_merge_m -> r_rev_d1;
  r_merge_m -> r_rev_e1;
  r_rev_d1 -> r_rev_e1 [style=dashed];
}
`;

/** Labels that break naive quoting: quotes, brackets, entity look-alikes, HTML, Markdown, Mermaid words, line breaks, controls, unicode. */
const NASTY = build({
  end: [null, 'say "hi" & <b>bye</b>; [x] (y) {z} |p| #quot; &amp; `code` *a* _b_'],
  graph: ['end', 'first line\nsecond\tline\r\n\n  third paragraph line'],
  'v1.2/é': ['graph', 'style: fix #3; classDef x fill:#f00; %% not a comment'],
  subgraph: [['v1.2/é', 'graph'], 'C:\\path\\to \\N \\G \\L {{hex}} ([stadium]) "quoted"'],
  ['x'.repeat(32)]: ['subgraph', 'emoji 😀 👩‍👩‍👧 CJK 漢字 RTL שלום bidi\u202eevil\u202c zero\u0000width\u0007bell'],
  ['x'.repeat(31)]: ['subgraph', 'a'.repeat(80)],
  no_message: ['subgraph', null],
  empty: ['subgraph', '   '],
});

function expectMermaidMatches(check: MermaidCheck, picture: RevisionPicture, direction = 'BT'): void {
  if (!check.ok) throw new Error(check.error);
  expect(check.type).toBe('flowchart-v2');
  expect(check.direction).toBe(direction);
  const shapeOf = (n: RevisionPicture['nodes'][number]) => (n.isMergePoint ? 'hexagon' : n.isHead ? 'stadium' : 'round');
  const classesOf = (n: RevisionPicture['nodes'][number]) =>
    [n.isBranchPoint && 'branchpoint', n.isHead && 'head', n.isEffectiveHead && 'effectiveHead', n.isCurrent === true && 'current'].filter(Boolean);
  expect(check.vertices).toEqual(picture.nodes.map((n) => ({ id: n.id, shape: shapeOf(n), classes: classesOf(n), text: nodeLines(n).join('\n') })));
  const names = new Map(picture.nodes.map((n) => [n.revision, n.id]));
  expect(check.edges).toEqual(
    picture.edges.map((e) => ({ from: names.get(e.from), to: names.get(e.to), stroke: e.kind === 'dependsOn' ? 'dotted' : 'normal', type: 'arrow_point' })),
  );
}

function expectDotMatches(text: string, picture: RevisionPicture): void {
  const dot = parseDot(text);
  expect(dot.nodes.map((n) => [n.id, n.attributes.label])).toEqual(picture.nodes.map((n) => [n.id, nodeLines(n).join('\n')]));
  const names = new Map(picture.nodes.map((n) => [n.revision, n.id]));
  expect(dot.edges).toEqual(picture.edges.map((e) => ({ from: names.get(e.from), to: names.get(e.to), attributes: e.kind === 'dependsOn' ? { style: 'dashed' } : {} })));
}

const HAS_DOT = graphvizAvailable();
if (!HAS_DOT) {
  console.warn('Graphviz `dot` is not installed: the DOT output is checked by the strict parser only (apt-get install graphviz to also run it).');
}

describe('revisionPicture', () => {
  it('lists revisions oldest first with their roles, and the edges grouped by the revision they lead to', () => {
    const picture = revisionPicture(BRANCHED);
    expect(picture.nodes.map((n) => n.revision)).toEqual(['audit1', 'audit2', 'base1', 'rev_a', 'rev_b1', 'rev_c1', 'rev_c2', 'merge_m', 'rev_d1', 'rev_e1']);
    const roles = (id: string) => {
      const n = picture.nodes.find((x) => x.revision === id)!;
      return Object.entries(n)
        .filter(([k, v]) => k.startsWith('is') && v === true)
        .map(([k]) => k);
    };
    expect(roles('base1')).toEqual(['isBase']);
    expect(roles('rev_a')).toEqual(['isBranchPoint']);
    expect(roles('merge_m')).toEqual(['isBranchPoint', 'isMergePoint']);
    expect(roles('rev_d1')).toEqual(['isEffectiveHead']);
    expect(roles('rev_e1')).toEqual(['isHead']);
    expect(roles('audit1')).toEqual(['isBase']);
    expect(picture.nodes.every((n) => n.isCurrent === null)).toBe(true);
    expect(picture.nodes.find((n) => n.revision === 'rev_c1')!.branchLabels).toEqual(['feature']);
    expect(picture.edges.slice(-3)).toEqual([
      { from: 'merge_m', to: 'rev_d1', kind: 'downRevision' },
      { from: 'merge_m', to: 'rev_e1', kind: 'downRevision' },
      { from: 'rev_d1', to: 'rev_e1', kind: 'dependsOn' },
    ]);
    expect(picture.edges).toHaveLength(10);
  });

  it('marks the version rows current, and nothing else, once the database was read', () => {
    const picture = revisionPicture(BRANCHED, ['rev_b1', 'rev_c2']);
    expect(picture.nodes.filter((n) => n.isCurrent).map((n) => n.revision)).toEqual(['rev_b1', 'rev_c2']);
    expect(picture.nodes.every((n) => n.isCurrent !== null)).toBe(true);
    expect(revisionPicture(BRANCHED, []).nodes.some((n) => n.isCurrent)).toBe(false);
  });

  it('names nodes so that distinct ids never collide and no Mermaid or DOT keyword appears', () => {
    expect(nodeName('3f2a9c1d7b40')).toBe('r_3f2a9c1d7b40');
    expect(nodeName('end')).toBe('r_end');
    expect(nodeName('v1.2')).toBe('x_76312e32');
    expect(nodeName('é')).toBe('x_c3a9');
    const names = revisionPicture(NASTY).nodes.map((n) => n.id);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[rx]_[A-Za-z0-9_]+$/);
  });

  it('shortens ids longer than 12 characters to a unique prefix', () => {
    expect(shortId('3f2a9c1d7b40', ['3f2a9c1d7b40'])).toBe('3f2a9c1d7b40');
    expect(shortId('a_very_long_revision_name', ['a_very_long_revision_name', 'other'])).toBe('a_very_long_…');
    expect(shortId('x'.repeat(32), ['x'.repeat(32), 'x'.repeat(31)])).toBe('x'.repeat(32));
    expect(shortId('x'.repeat(31), ['x'.repeat(32), 'x'.repeat(31)])).toBe('x'.repeat(31));
    expect(shortId('abcdefghijklmnop', ['abcdefghijklmnop', 'abcdefghijklmnoq'])).toBe('abcdefghijklmnop');
    expect(shortId('abcdefghijklmnXYZ', ['abcdefghijklmnXYZ', 'abcdefghijklmnQ'])).toBe('abcdefghijklmnX…');
  });

  it('label text: one line, no controls or direction overrides, long messages cut on a character', () => {
    expect(labelText(' a\n\tb\r\n  c ')).toBe('a b c');
    expect(labelText('x\u202ey\u0000z\u2066w')).toBe('xyzw');
    expect(labelText('😀'.repeat(10), 5)).toBe('😀😀😀😀…');
    expect(labelText('abc', 3)).toBe('abc');
    expect(nodeLines(revisionPicture(NASTY).nodes.find((n) => n.revision === 'x'.repeat(31))!)).toEqual(['x'.repeat(31), `${'a'.repeat(59)}…`]);
    expect(nodeLines(revisionPicture(NASTY).nodes.find((n) => n.revision === 'no_message')!)).toEqual(['no_message']);
    expect(nodeLines(revisionPicture(NASTY).nodes.find((n) => n.revision === 'empty')!)).toEqual(['empty']);
  });
});

describe('renderMermaid', () => {
  it('golden: a branched history with a merge, labels, a dependency and a second root', () => {
    expect(renderMermaid(revisionPicture(BRANCHED))).toBe(MERMAID);
  });

  it('styles the current revisions last (their colours win over a branch point\'s)', () => {
    const text = renderMermaid(revisionPicture(BRANCHED, ['rev_b1', 'rev_c2']));
    expect(text).toBe(`${MERMAID}  classDef current fill:#c8f7d4,stroke:#1a7f37,color:#000\n  class r_rev_b1,r_rev_c2 current\n`);
  });

  it('escapes what would end or change a label', () => {
    expect(mermaidText('a "b" <c> & #1; `d` e:f')).toBe('a #quot;b#quot; #lt;c#gt; #amp; #35;1; #96;d#96; e#58;f');
    expect(mermaidText('[x] (y) {z} |p| ✓')).toBe('[x] (y) {z} |p| ✓');
  });

  describe('Mermaid\'s parser (one run for every text)', () => {
    const cases: Array<[RevisionPicture, string]> = [
      [revisionPicture(BRANCHED), 'BT'],
      [revisionPicture(BRANCHED, ['rev_b1', 'rev_c2']), 'BT'],
      [revisionPicture(BRANCHED, ['merge_m']), 'BT'],
      [revisionPicture(BRANCHED, ['rev_e1', 'audit2']), 'BT'],
      ...GRAPH_DIRECTIONS.map((d): [RevisionPicture, string] => [revisionPicture(BRANCHED), d]),
      [revisionPicture(NASTY), 'BT'],
      [revisionPicture(NASTY, ['no_message', 'x'.repeat(32)]), 'LR'],
      [revisionPicture(build({ only: [null, 'one'] })), 'BT'],
    ];
    /** Hand-broken texts: the check must notice them. */
    const broken = ['flowchart BT\n  r_a("say "hi"")\n', 'flowchart BT\n  end("x")\n', 'flowchart BT\n  r_a("a") -->\n'];
    const empty = renderMermaid(revisionPicture(build({})));
    let checks: MermaidCheck[];
    beforeAll(() => {
      checks = checkMermaid([...cases.map(([picture, direction]) => renderMermaid(picture, { direction: direction as 'BT' })), empty, ...broken]);
    });

    it('reads each picture back to the same nodes, labels, shapes, classes and edges', () => {
      cases.forEach(([picture, direction], i) => expectMermaidMatches(checks[i]!, picture, direction));
    });

    it('an empty history is a valid, empty flowchart', () => {
      expect(checks[cases.length]).toMatchObject({ ok: true, vertices: [], edges: [] });
    });

    it('notices broken text (control): an unescaped quote, a keyword as a node, a dangling arrow', () => {
      const [quote, keyword, dangling] = checks.slice(cases.length + 1);
      expect(quote).toMatchObject({ ok: true, vertices: [{ id: 'r_a', text: 'say hi' }] }); // parsed, but the label lost its quotes
      expect(keyword).toMatchObject({ ok: false });
      expect(dangling).toMatchObject({ ok: false });
    });
  });
});

describe('renderDot', () => {
  it('golden: the branched history with the merge point current', () => {
    expect(renderDot(revisionPicture(BRANCHED, ['merge_m']))).toBe(DOT_CURRENT_MERGE);
  });

  it('escapes quotes, backslashes and ampersands, and joins lines with \\n', () => {
    expect(dotString(['a "b" \\N', 'c &lt; &'])).toBe('"a \\"b\\" \\\\N\\nc &amp;lt; &amp;"');
  });

  it('passes the strict DOT parser, which reads back the same nodes, labels and edges', () => {
    for (const picture of [revisionPicture(BRANCHED), revisionPicture(BRANCHED, ['rev_b1', 'rev_c2']), revisionPicture(NASTY), revisionPicture(build({}))]) {
      for (const direction of GRAPH_DIRECTIONS) {
        const text = renderDot(picture, { direction });
        expectDotMatches(text, picture);
        expect(parseDot(text).attributes).toEqual({ rankdir: direction });
      }
    }
  });

  it('the strict parser refuses what Graphviz would misread (control)', () => {
    const ok = 'digraph g {\n  r_a [label="a"];\n}\n';
    expect(() => parseDot(ok)).not.toThrow();
    expect(() => parseDot('digraph g {\n  r_a [label="a "b""];\n}\n')).toThrow(/DOT syntax/);
    expect(() => parseDot('digraph g {\n  r_a [label="a\\N"];\n}\n')).toThrow(/escape \\N/);
    expect(() => parseDot('digraph g {\n  r_a [label="a\nb"];\n}\n')).toThrow(/raw line break/);
    expect(() => parseDot('digraph g {\n  node [label="a"];\n  r_a -> r_b;\n}\n')).toThrow(/undeclared node r_a/);
    expect(() => parseDot('digraph g {\n  r_a [label="a"]\n}\n')).toThrow(/expected ';'/);
    expect(() => parseDot('digraph g {\n  edge [label="a"];\n}\n')).not.toThrow();
    expect(() => parseDot('digraph g {\n  r_a [lable="a"];\n}\n')).toThrow(/known attribute/);
    expect(() => parseDot('digraph g {\n  r_a [label="a &lt; b"];\n}\n')).toThrow(/&amp;/);
    expect(parseDot('digraph g {\n  r_a [label="a &amp;lt; b"];\n}\n').nodes[0]!.attributes.label).toBe('a &lt; b');
  });

  (HAS_DOT ? it : it.skip)('Graphviz renders it (dot -Tsvg) and draws the same label lines', () => {
    for (const picture of [revisionPicture(BRANCHED, ['merge_m']), revisionPicture(NASTY)]) {
      const r = runGraphviz(renderDot(picture));
      expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
      const drawn = svgNodeLines(r.svg);
      expect(new Map(picture.nodes.map((n) => [n.id, drawn.get(n.id)]))).toEqual(new Map(picture.nodes.map((n) => [n.id, nodeLines(n)])));
    }
  });
});

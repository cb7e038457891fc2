/**
 * `orm history --graph`: the text drawing of the history (golden drawings), and a property: on
 * random histories, following each line of the drawing from a revision's `*` (straight through
 * crossings) reaches exactly the revisions it revises.
 */
import fc from 'fast-check';
import { type GraphRow, type HistoryEntry, historyGraphRows, renderHistoryGraph } from '../../src/render/render-history-graph.js';
import { RevisionGraph } from '../../src/revisions/revision-graph.js';
import { graph } from './revision-fixtures.js';

function entriesOf(g: RevisionGraph): HistoryEntry[] {
  return g.history().map((n) => ({ id: n.revision, parents: n.downRevisions }));
}

function draw(entries: readonly HistoryEntry[]): string {
  return renderHistoryGraph(entries, (id) => id).join('\n');
}

/** Shorthand: `id: parents` in the order given (newest first). */
function e(spec: Record<string, string[]>): HistoryEntry[] {
  return Object.entries(spec).map(([id, parents]) => ({ id, parents }));
}

describe('renderHistoryGraph (golden)', () => {
  it('a straight line', () => {
    expect(draw(e({ c: ['b'], b: ['a'], a: [] }))).toBe(['* c', '* b', '* a'].join('\n'));
  });

  it('a branched history with a merge, a dependency (not drawn) and a second root', () => {
    const g = graph({
      base1: null,
      rev_a: 'base1',
      rev_b1: 'rev_a',
      rev_c1: { down: 'rev_a', labels: ['feature'] },
      rev_c2: 'rev_c1',
      merge_m: ['rev_b1', 'rev_c2'],
      rev_d1: 'merge_m',
      rev_e1: { down: 'merge_m', deps: ['rev_d1'] },
      audit1: { down: null, labels: ['audit'] },
      audit2: 'audit1',
    });
    expect(draw(entriesOf(g))).toBe(
      [
        '* rev_e1',
        '| * rev_d1',
        '|/',
        '*   merge_m',
        '|\\',
        '| * rev_c2',
        '| * rev_c1',
        '* | rev_b1',
        '|/',
        '* rev_a',
        '* base1',
        '  * audit2',
        ' /',
        '* audit1',
      ].join('\n'),
    );
  });

  it('a merge in the second column (text after the widest line); a line crossing to join its target', () => {
    expect(draw(e({ x: ['a'], m: ['p', 'q'], q: ['a'], p: ['a'], a: [] }))).toBe(
      ['* x', '| *   m', '| |\\', '| | * q', '| |/', '|/|', '| * p', '|/', '* a'].join('\n'),
    );
  });

  it('a merge of three revisions: *-. then |\\ \\', () => {
    expect(draw(e({ m: ['x', 'y', 'z'], z: ['a'], y: ['a'], x: ['a'], a: [] }))).toBe(
      ['*-.   m', '|\\ \\', '| | * z', '| * | y', '| |/', '* | x', '|/', '* a'].join('\n'),
    );
  });

  it('a merge of three with a line on its right: the line moves over first to make room for *-.', () => {
    expect(draw(e({ h: ['m', 'k'], m: ['x', 'y', 'z'], k: ['x'], z: ['x'], y: ['x'], x: [] }))).toBe(
      [
        '*   h',
        '|\\',
        '|  \\',
        '*-. |   m',
        '|\\ \\ \\',
        '| | | * k',
        '| | |/',
        '| |/|',
        '|/| |',
        '| | * z',
        '| |/',
        '|/|',
        '| * y',
        '|/',
        '* x',
      ].join('\n'),
    );
  });

  it('a line crossing another to join the line it leads to', () => {
    expect(draw(e({ p: ['a'], q: ['b'], r: ['a'], b: ['a'], a: [] }))).toBe(
      ['* p', '| * q', '| | * r', '| |/', '|/|', '| * b', '|/', '* a'].join('\n'),
    );
  });

  it('a range: lines to revisions not shown end at the revision', () => {
    expect(draw(e({ m: ['b', 'c'], c: ['a'], b: ['a'] }))).toBe(['*   m', '|\\', '| * c', '* b'].join('\n'));
  });

  it('nothing to draw', () => {
    expect(historyGraphRows([])).toEqual([]);
  });

  it('rows say which revision each * row is', () => {
    expect(historyGraphRows(e({ m: ['a', 'b'], b: [], a: [] }))).toEqual([
      { graph: '*  ', revision: 'm' },
      { graph: '|\\', revision: null },
      { graph: '| *', revision: 'b' },
      { graph: '*', revision: 'a' },
    ]);
  });
});

/** A line segment of one row, from a column at its top to a column at its bottom. */
interface Segment {
  from: number;
  to: number;
  ch: string;
}

interface ParsedRow {
  segments: Segment[];
  /** The `*` row's revision and column, and the columns its `.`s start lines from. */
  commit: { revision: string; column: number; dots: number[] } | null;
}

function parseRow(row: GraphRow): ParsedRow {
  const segments: Segment[] = [];
  let commit: ParsedRow['commit'] = null;
  const dots: number[] = [];
  [...row.graph].forEach((ch, p) => {
    const even = p % 2 === 0;
    if (ch === ' ') return;
    if (ch === '|' && even) segments.push({ from: p / 2, to: p / 2, ch });
    else if (ch === '/' && !even) segments.push({ from: (p + 1) / 2, to: (p - 1) / 2, ch });
    else if (ch === '\\' && !even) segments.push({ from: (p - 1) / 2, to: (p + 1) / 2, ch });
    else if (ch === '*' && even && row.revision !== null && commit === null) commit = { revision: row.revision, column: p / 2, dots };
    else if (ch === '.' && even && row.revision !== null) dots.push(p / 2);
    else if (ch === '-' && !even && row.revision !== null) return;
    else throw new Error(`unexpected ${JSON.stringify(ch)} at ${p} in ${JSON.stringify(row.graph)}`);
  });
  if (row.revision !== null && commit === null) throw new Error(`no * in the row of ${row.revision}`);
  if (row.revision === null && row.graph !== row.graph.trimEnd()) throw new Error(`trailing space in ${JSON.stringify(row.graph)}`);
  return { segments, commit };
}

/**
 * For each `*`, the revisions its lines lead to, followed as a reader does: through a point
 * where lines meet, a line goes on in the same direction when it can, else along a line
 * no other one arriving there goes on with, else along all of them (lines joining).
 */
function traceParents(rows: readonly GraphRow[]): Map<string, Set<string>> {
  const parsed = rows.map(parseRow);
  const reached = new Map<string, Set<string>>();
  parsed.forEach((row, r) => {
    if (!row.commit) return;
    const found = new Set<string>();
    const seen = new Set<string>();
    const follow = (below: number, column: number, ch: string): void => {
      const key = `${below}:${column}:${ch}`;
      if (seen.has(key) || below >= parsed.length) return;
      seen.add(key);
      const next = parsed[below]!;
      if (next.commit && next.commit.column === column) {
        found.add(next.commit.revision);
        return;
      }
      const outs = next.segments.filter((s) => s.from === column);
      const above = parsed[below - 1]!;
      const arriving = new Set(above.segments.filter((s) => s.to === column).map((s) => s.ch));
      if (above.commit && (above.commit.column === column || above.commit.dots.includes(column))) arriving.add('*');
      const same = outs.filter((s) => s.ch === ch);
      const free = outs.filter((s) => !arriving.has(s.ch));
      for (const s of same.length > 0 ? same : free.length > 0 ? free : outs) follow(below + 1, s.to, s.ch);
    };
    for (const start of [row.commit.column, ...row.commit.dots]) follow(r + 1, start, '*');
    reached.set(row.commit.revision, found);
  });
  return reached;
}

/** A random history: each revision revises up to three earlier ones (none: a new root) and may depend on one. */
const historyArb = fc
  .array(fc.record({ parents: fc.uniqueArray(fc.nat(), { maxLength: 3 }), dep: fc.option(fc.nat(), { nil: undefined }), shown: fc.boolean() }), {
    minLength: 1,
    maxLength: 14,
  })
  .map((specs) =>
    specs.map((s, i) => ({
      id: `r${String(i).padStart(2, '0')}`,
      parents: i === 0 ? [] : [...new Set(s.parents.map((p) => `r${String(p % i).padStart(2, '0')}`))],
      deps: i === 0 || s.dep === undefined ? [] : [`r${String(s.dep % i).padStart(2, '0')}`],
      shown: s.shown,
    })),
  );

describe('historyGraphRows (property)', () => {
  it('following the lines from each revision reaches exactly its parents, whole history or a part of it', () => {
    fc.assert(
      fc.property(historyArb, (specs) => {
        const g = RevisionGraph.build(
          specs.map((s) => ({ revision: s.id, downRevisions: s.parents, branchLabels: [], dependsOn: s.deps.filter((d) => !s.parents.includes(d)) })),
        );
        const whole = entriesOf(g);
        const shown = new Set(specs.filter((s) => s.shown).map((s) => s.id));
        for (const entries of [whole, whole.filter((x) => shown.has(x.id))]) {
          const ids = new Set(entries.map((x) => x.id));
          const rows = historyGraphRows(entries);
          expect(rows.filter((row) => row.revision !== null).map((row) => row.revision)).toEqual(entries.map((x) => x.id));
          const traced = traceParents(rows);
          for (const entry of entries) {
            expect({ id: entry.id, parents: [...traced.get(entry.id)!].sort() }).toEqual({ id: entry.id, parents: [...new Set(entry.parents.filter((p) => ids.has(p)))].sort() });
          }
        }
      }),
      { numRuns: Number(process.env.ORM_FUZZ_RUNS ?? 300) },
    );
  });
});

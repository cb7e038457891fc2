/**
 * End to end, as a user: `orm graph` (Mermaid, DOT, --json, --markdown) and `orm history --graph`
 * on a branched history, on SQLite and on PostgreSQL:
 *
 *   base1 -> rev_a -> rev_b1 ------------------> merge_m -> rev_d1
 *                  \-> rev_c1 -> rev_c2 (feature) -/      \-> rev_e1 (dependsOn rev_d1)
 *   audit1 (audit) -> audit2
 *
 * Without --indicate-current nothing connects (a URL nothing listens on works); with it the
 * database's revisions are marked, and they follow `upgrade`. The printed Mermaid goes through
 * Mermaid's parser, the DOT through the strict parser and Graphviz when installed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runCli } from '../helpers/cli.js';
import { createPgDatabase, createTempDir, describePg } from '../helpers/databases.js';
import { type DbView, type RevisionSpec, pgView, sqliteView, writeProject } from '../helpers/e2e-project.js';
import { checkMermaid, graphvizAvailable, parseDot, runGraphviz } from '../helpers/graph-check.js';

const table = (id: string) => ({ upgrade: `  op.createTable('t_${id}', { id: { type: 'integer', primaryKey: true } });`, downgrade: `  op.dropTable('t_${id}');` });

const REVISIONS: RevisionSpec[] = [
  { id: 'base1', down: null, message: 'base', ...table('base1') },
  { id: 'rev_a', down: 'base1', message: 'a', ...table('rev_a') },
  { id: 'rev_b1', down: 'rev_a', message: 'b1', ...table('rev_b1') },
  { id: 'rev_c1', down: 'rev_a', message: 'c1', branchLabels: ['feature'], ...table('rev_c1') },
  { id: 'rev_c2', down: 'rev_c1', message: 'add "orders" (draft) <v2> & #7: café ✓', ...table('rev_c2') },
  { id: 'merge_m', down: ['rev_b1', 'rev_c2'], message: 'merge b1 and c2' },
  { id: 'rev_d1', down: 'merge_m', message: 'd1', ...table('rev_d1') },
  { id: 'rev_e1', down: 'merge_m', message: 'e1', dependsOn: ['rev_d1'], ...table('rev_e1') },
  { id: 'audit1', down: null, message: 'audit', branchLabels: ['audit'], ...table('audit1') },
  { id: 'audit2', down: 'audit1', message: 'audit2', ...table('audit2') },
];

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

const CURRENT_CLASS = (nodes: string) => `  classDef current fill:#c8f7d4,stroke:#1a7f37,color:#000\n  class ${nodes} current\n`;

const HISTORY_GRAPH = [
  '* rev_e1 (feature) (head) (depends on rev_d1), e1',
  '| * rev_d1 (feature) (effective head), d1',
  '|/',
  '*   merge_m (feature) (branchpoint) (mergepoint), merge b1 and c2',
  '|\\',
  '| * rev_c2 (feature), add "orders" (draft) <v2> & #7: café ✓',
  '| * rev_c1 (feature), c1',
  '* | rev_b1, b1',
  '|/',
  '* rev_a (branchpoint), a',
  '* base1, base',
  '  * audit2 (audit) (head), audit2',
  ' /',
  '* audit1 (audit), audit',
];

/** A URL nothing listens on: a command that connects fails with it. */
const NOWHERE = 'postgres://nobody@127.0.0.1:9/none';

const HAS_DOT = graphvizAvailable();

function expectValidDot(text: string): ReturnType<typeof parseDot> {
  const parsed = parseDot(text);
  if (HAS_DOT) expect(runGraphviz(text)).toMatchObject({ status: 0, stderr: '' });
  return parsed;
}

function pictureFlow(name: string, setup: () => Promise<{ url: string; db: DbView; cleanup(): Promise<void> }>) {
  describe(`${name}: orm graph and orm history --graph on a branched history`, () => {
    let project: { dir: string; cleanup(): void };
    let env: Awaited<ReturnType<typeof setup>>;
    const orm = (...args: string[]) => runCli(project.dir, [...args, '--url', env.url]);
    const offline = (...args: string[]) => runCli(project.dir, [...args, '--url', NOWHERE]);
    /** Mermaid texts printed along the way, parsed together at the end. */
    const printed: Array<{ text: string; current: string[] }> = [];
    const hasVersionTable = async () => (await env.db.tables()).includes('orm_version');

    beforeAll(async () => {
      project = writeProject(REVISIONS);
      env = await setup();
    });
    afterAll(async () => {
      await env.db.close();
      await env.cleanup();
      project.cleanup();
    });

    it('prints the Mermaid flowchart without connecting', async () => {
      const r = offline('graph');
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(MERMAID);
      expect(offline('graph', '--format', 'mermaid').stdout).toBe(MERMAID);
      printed.push({ text: r.stdout, current: [] });
      const lr = offline('graph', '--direction', 'LR');
      expect(lr.stdout).toBe(MERMAID.replace('flowchart BT', 'flowchart LR'));
      expect(await hasVersionTable()).toBe(false);
    });

    it('--markdown fences it for a pull request; --format dot is valid DOT, for Graphviz', () => {
      const md = offline('graph', '--markdown');
      expect(md.status).toBe(0);
      expect(md.stdout).toBe(`\`\`\`mermaid\n${MERMAID}\`\`\`\n`);

      const dot = offline('graph', '--format', 'dot');
      expect(dot.stderr).toBe('');
      expect(dot.status).toBe(0);
      const parsed = expectValidDot(dot.stdout);
      expect(parsed.nodes.map((n) => n.id)).toEqual(['r_audit1', 'r_audit2', 'r_base1', 'r_rev_a', 'r_rev_b1', 'r_rev_c1', 'r_rev_c2', 'r_merge_m', 'r_rev_d1', 'r_rev_e1']);
      expect(parsed.nodes.find((n) => n.id === 'r_rev_c2')!.attributes.label).toBe('rev_c2\nadd "orders" (draft) <v2> & #7: café ✓');
      expect(parsed.edges.filter((e) => e.attributes.style === 'dashed')).toEqual([{ from: 'r_rev_d1', to: 'r_rev_e1', attributes: { style: 'dashed' } }]);
      expect(offline('graph', '--format', 'dot', '--markdown').stdout).toBe(`\`\`\`dot\n${dot.stdout}\`\`\`\n`);
    });

    it('--json: the nodes and edges, and the text', () => {
      const r = offline('graph', '--json');
      expect(r.status).toBe(0);
      const doc = JSON.parse(r.stdout) as { format: string; direction: string; current: unknown; nodes: Array<Record<string, unknown>>; edges: unknown[]; text: string };
      expect(doc).toMatchObject({ format: 'mermaid', direction: 'BT', current: null, text: MERMAID });
      expect(doc.nodes).toHaveLength(10);
      expect(doc.nodes.find((n) => n.revision === 'merge_m')).toEqual({
        id: 'r_merge_m',
        revision: 'merge_m',
        shortId: 'merge_m',
        message: 'merge b1 and c2',
        branchLabels: [],
        isBase: false,
        isHead: false,
        isEffectiveHead: false,
        isBranchPoint: true,
        isMergePoint: true,
        isCurrent: null,
      });
      expect(doc.edges).toHaveLength(10);
      expect(doc.edges).toContainEqual({ from: 'rev_d1', to: 'rev_e1', kind: 'dependsOn' });
      expect(doc.edges).toContainEqual({ from: 'rev_c2', to: 'merge_m', kind: 'downRevision' });
      const dot = JSON.parse(offline('graph', '--json', '--format', 'dot').stdout) as { format: string; text: string };
      expect(dot.format).toBe('dot');
      expect(dot.text).toBe(offline('graph', '--format', 'dot').stdout);
    });

    it('history --graph draws the lines of descent without connecting', async () => {
      const r = offline('history', '--graph');
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(`${HISTORY_GRAPH.join('\n')}\n`);
      const doc = JSON.parse(offline('history', '--graph', '--json').stdout) as { revisions: Array<{ revision: string }>; graph: Array<{ graph: string; revision: string | null }> };
      expect(doc.revisions.map((x) => x.revision)).toEqual(['rev_e1', 'rev_d1', 'merge_m', 'rev_c2', 'rev_c1', 'rev_b1', 'rev_a', 'base1', 'audit2', 'audit1']);
      expect(doc.graph.slice(0, 5)).toEqual([
        { graph: '*', revision: 'rev_e1' },
        { graph: '| *', revision: 'rev_d1' },
        { graph: '|/', revision: null },
        { graph: '*  ', revision: 'merge_m' },
        { graph: '|\\', revision: null },
      ]);
      // a range: the merge's other parent (rev_b1) is not in it, so no line leads there
      const range = offline('history', '--graph', '-r', 'rev_c1:merge_m');
      expect({ status: range.status, stderr: range.stderr, stdout: range.stdout }).toEqual({
        status: 0,
        stderr: '',
        stdout: ['* merge_m (feature) (branchpoint) (mergepoint), merge b1 and c2', '* rev_c2 (feature), add "orders" (draft) <v2> & #7: café ✓', '* rev_c1 (feature), c1', ''].join('\n'),
      });
      expect(await hasVersionTable()).toBe(false);
    });

    it('--indicate-current on an empty database marks nothing and creates no version table', async () => {
      const r = orm('graph', '--indicate-current');
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(MERMAID);
      const doc = JSON.parse(orm('graph', '-i', '--json').stdout) as { current: string[]; nodes: Array<{ isCurrent: boolean | null }> };
      expect(doc.current).toEqual([]);
      expect(doc.nodes.every((n) => n.isCurrent === false)).toBe(true);
      expect(await hasVersionTable()).toBe(false);
    });

    it('after upgrading each branch, marks both branch tips current', async () => {
      for (const target of ['rev_b1', 'rev_c2']) expect(orm('upgrade', target).status).toBe(0);
      expect(await env.db.versionRows()).toEqual(['rev_b1', 'rev_c2']);
      const r = orm('graph', '-i');
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(MERMAID + CURRENT_CLASS('r_rev_b1,r_rev_c2'));
      printed.push({ text: r.stdout, current: ['r_rev_b1', 'r_rev_c2'] });

      const doc = JSON.parse(orm('graph', '-i', '--json').stdout) as { current: string[]; nodes: Array<{ revision: string; isCurrent: boolean }> };
      expect(doc.current).toEqual(['rev_b1', 'rev_c2']);
      expect(doc.nodes.filter((n) => n.isCurrent).map((n) => n.revision)).toEqual(['rev_b1', 'rev_c2']);

      const history = orm('history', '--graph', '-i');
      expect(history.status).toBe(0);
      expect(history.stdout).toBe(
        `${HISTORY_GRAPH.map((l) => l.replace('rev_b1,', 'rev_b1 (current),').replace('rev_c2 (feature)', 'rev_c2 (feature) (current)')).join('\n')}\n`,
      );
    });

    it('after upgrade heads, the current marks follow (DOT: green border)', async () => {
      expect(orm('upgrade', 'heads').status).toBe(0);
      expect(await env.db.versionRows()).toEqual(['audit2', 'rev_e1']);
      const r = orm('graph', '-i');
      expect(r.stdout).toBe(MERMAID + CURRENT_CLASS('r_audit2,r_rev_e1'));
      printed.push({ text: r.stdout, current: ['r_audit2', 'r_rev_e1'] });
      const dot = orm('graph', '-i', '--format', 'dot');
      expect(dot.status).toBe(0);
      const parsed = expectValidDot(dot.stdout);
      expect(parsed.nodes.filter((n) => n.attributes.color === '#1a7f37').map((n) => n.id)).toEqual(['r_audit2', 'r_rev_e1']);
    });

    it('Mermaid\'s parser reads every printed flowchart, with the current revisions styled', () => {
      const checks = checkMermaid(printed.map((p) => p.text));
      checks.forEach((check, i) => {
        if (!check.ok) throw new Error(check.error);
        expect(check.vertices.filter((v) => v.classes.includes('current')).map((v) => v.id)).toEqual(printed[i]!.current);
        expect(check.vertices.find((v) => v.id === 'r_rev_c2')!.text).toBe('rev_c2\nadd "orders" (draft) <v2> & #7: café ✓');
        expect(check.edges).toHaveLength(10);
      });
      expect(checks).toHaveLength(3);
    });

    it('refuses a bad --format (status 2) and fails when the database cannot be read for --indicate-current', async () => {
      const bad = offline('graph', '--format', 'svg');
      expect(bad.status).toBe(2);
      expect(bad.stdout).toBe('');
      expect(bad.stderr).toMatch(/Allowed choices are mermaid, dot/);
      const nowhere = offline('graph', '-i');
      expect(nowhere.status).toBe(1);
      expect(nowhere.stdout).toBe('');
      expect(nowhere.stderr).toMatch(/^Error: /m);
      expect(await env.db.versionRows()).toEqual(['audit2', 'rev_e1']);
    });
  });
}

pictureFlow('sqlite', async () => {
  const tmp = createTempDir('orm-picture-db-');
  const file = join(tmp.dir, 'app.db');
  writeFileSync(file, '');
  return { url: `sqlite:${file}`, db: sqliteView(file), cleanup: async () => tmp.cleanup() };
});

describePg('postgres', () => {
  pictureFlow('postgres', async () => {
    const database = await createPgDatabase('orm_picture');
    return { url: database.url, db: pgView(database.url), cleanup: database.drop };
  });
});

describe('graph start-up', () => {
  it.each([[['graph']], [['graph', '--format', 'dot']], [['history', '--graph']]])('orm %j loads none of pg, better-sqlite3, kysely, esbuild', (args) => {
    const project = writeProject(REVISIONS.slice(0, 3));
    try {
      const log = join(project.dir, 'loads.txt');
      writeFileSync(log, '');
      const r = runCli(project.dir, args, { ORM_RECORD_LOADS: log }, ['--import', join(ROOT, 'test/helpers/record-loads.mjs')]);
      expect(r.status).toBe(0);
      const loaded = readFileSync(log, 'utf8').split('\n');
      for (const heavy of ['pg', 'better-sqlite3', 'kysely', 'esbuild']) expect(loaded).not.toContain(heavy);
    } finally {
      project.cleanup();
    }
  });
});

/**
 * `--json` on every command, through the built CLI: stdout holds exactly one JSON document with
 * the keys README's "JSON output" table lists (JSON_DOCUMENT_KEYS), starting with
 * `formatVersion` and `command`; progress, warnings and anything a revision prints go to
 * stderr. Failures print `{ error: { message, hint } }` with the usual exit status.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_DOCUMENT_KEYS, JSON_DOCUMENT_KEYS, JSON_FORMAT_VERSION, type DocumentKeys, type JsonCommand } from '../../src/cli/json-output.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { createTempDir } from '../helpers/databases.js';

const MODELS = `import { defineMetadata, defineTable, integer, text } from 'orm';
export const users = defineTable('users', { id: integer().primaryKey(), name: text() });
export const metadata = defineMetadata({ tables: { users } });
`;
const MODELS_V2 = MODELS.replace("name: text() }", "name: text(), age: integer() }");

/** stdout is one JSON document (JSON.parse refuses two, or any other line) and ends there. */
function parseOne(r: CliResult): Record<string, unknown> {
  expect(r.stdout).toMatch(/^\{\n[\s\S]*\n\}\n$/);
  let doc: unknown;
  expect(() => (doc = JSON.parse(r.stdout))).not.toThrow();
  expect(doc).not.toBeNull();
  expect(typeof doc).toBe('object');
  expect(Array.isArray(doc)).toBe(false);
  return doc as Record<string, unknown>;
}

function expectKeys(doc: Record<string, unknown>, keys: DocumentKeys<never> | DocumentKeys<unknown>): void {
  const actual = Object.keys(doc);
  expect(actual.slice(0, 2)).toEqual(['formatVersion', 'command']);
  for (const key of keys.always) expect(actual).toContain(key);
  const allowed = new Set<string>([...keys.always, ...keys.optional]);
  expect(actual.filter((k) => !allowed.has(k))).toEqual([]);
}

/** A successful `--json` run of `command`: status, one document with the documented keys. */
function expectDocument(r: CliResult, command: JsonCommand, status = 0): Record<string, unknown> {
  if (r.status !== status) throw new Error(`exit ${r.status}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  const doc = parseOne(r);
  expect(doc.formatVersion).toBe(JSON_FORMAT_VERSION);
  expect(doc.command).toBe(command);
  expectKeys(doc, JSON_DOCUMENT_KEYS[command] as DocumentKeys<unknown>);
  expect(doc).not.toHaveProperty('error');
  return doc;
}

/** A failed `--json` run: the error document, the status, and the message on stderr too. */
function expectErrorDocument(r: CliResult, command: string | null, status: number, message: RegExp): { message: string; hint: string | null } {
  expect(r.status).toBe(status);
  const doc = parseOne(r);
  expectKeys(doc, ERROR_DOCUMENT_KEYS as DocumentKeys<unknown>);
  expect(doc.formatVersion).toBe(JSON_FORMAT_VERSION);
  expect(doc.command).toBe(command);
  const error = doc.error as { message: string; hint: string | null };
  expect(Object.keys(error).sort()).toEqual(['hint', 'message']);
  expect(error.message).toMatch(message);
  expect(typeof error.hint === 'string' || error.hint === null).toBe(true);
  expect(r.stderr).toMatch(message);
  return error;
}

describe('--json on every command (SQLite project made by orm init)', () => {
  let project: ReturnType<typeof createTempDir>;
  const orm = (...args: string[]) => runCli(project.dir, [...args, '--json']);
  const covered = new Set<string>();
  const doc = (command: JsonCommand, args: string[], status = 0) => {
    covered.add(command);
    return expectDocument(orm(command, ...args), command, status);
  };

  beforeAll(() => {
    project = createTempDir('orm-json-');
  });
  afterAll(() => project.cleanup());

  it('init and list-templates', () => {
    const init = doc('init', []);
    expect(init.configFile).toBe(join(project.dir, 'orm.config.ts'));
    expect(init.files).toContain(join(project.dir, 'orm.config.ts'));
    const templates = doc('list-templates', []);
    expect((templates.templates as Array<{ name: string }>).map((t) => t.name)).toContain('generic');
    mkdirSync(join(project.dir, 'src'));
    writeFileSync(join(project.dir, 'src', 'models.ts'), MODELS);
  });

  it('revision --autogenerate, revision, upgrade: progress and what revisions print go to stderr', () => {
    const auto = doc('revision', ['--autogenerate', '-m', 'create users', '--rev-id', 'aaaa00000001']);
    expect(auto.changes).toEqual(['add table users']);
    expect(auto.path).toBe(join(project.dir, 'migrations', 'versions', 'aaaa00000001_create_users.ts'));
    const plain = doc('revision', ['-m', 'noisy', '--rev-id', 'aaaa00000002']);
    expect(plain).not.toHaveProperty('changes');
    // a revision writing to stdout itself cannot break the document
    const file = plain.path as string;
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        /export async function upgrade\(op: Operations\): Promise<void> \{\n/,
        "$&  console.log('hello from the revision');\n  process.stdout.write('raw write\\n');\n",
      ),
    );

    const r = orm('upgrade', 'head');
    const up = expectDocument(r, 'upgrade');
    covered.add('upgrade');
    expect(up).toMatchObject({ direction: 'up', target: 'head', from: [], to: ['aaaa00000002'] });
    expect((up.steps as Array<{ revision: string }>).map((s) => s.revision)).toEqual(['aaaa00000001', 'aaaa00000002']);
    expect(r.stderr).toMatch(/^Running upgrade <base> -> aaaa00000001, create users \(\d+ ms\)$/m);
    expect(r.stderr).toMatch(/^Running upgrade aaaa00000001 -> aaaa00000002, noisy \(\d+ ms\)$/m);
    expect(r.stderr).toMatch(/^hello from the revision$/m);
    expect(r.stderr).toMatch(/^raw write$/m);

    const again = orm('upgrade', 'head');
    expect(expectDocument(again, 'upgrade').steps).toEqual([]);
    expect(again.stderr).toBe('');
  });

  it('current, history, heads, branches, show', () => {
    const current = doc('current', []);
    expect(current).toMatchObject({ versionRows: ['aaaa00000002'], atHeads: true, problem: null });
    expect(current.database).toBe(`sqlite:${join(project.dir, 'app.db')}`);
    expect(doc('current', ['--check-heads']).atHeads).toBe(true);
    expect((doc('history', []).revisions as unknown[]).length).toBe(2);
    expect(doc('history', ['-r', 'base:current', '--indicate-current']).current).toEqual(['aaaa00000002']);
    expect((doc('heads', []).heads as Array<{ revision: string }>).map((h) => h.revision)).toEqual(['aaaa00000002']);
    expect(doc('branches', []).branchPoints).toEqual([]);
    expect(doc('show', ['aaaa00000001']).target).toBe('aaaa00000001');
    expect(doc('show', ['base']).revisions).toEqual([]);
  });

  it('merge, and current --check-heads failing with its own document', () => {
    doc('revision', ['-m', 'side', '--rev-id', 'bbbb00000001', '--head', 'aaaa00000001', '--splice']);
    const check = orm('current', '--check-heads');
    const current = expectDocument(check, 'current', 1);
    expect(current).toMatchObject({ atHeads: false, missingHeads: ['bbbb00000001'] });
    expect(check.stderr).toMatch(/^Error: The database is not at every head/m);

    const merge = doc('merge', ['heads', '-m', 'join', '--rev-id', 'cccc00000001']);
    expect(merge.downRevisions).toEqual(['aaaa00000002', 'bbbb00000001']);
    expect((doc('branches', []).branchPoints as unknown[]).length).toBe(1);
  });

  it('graph, history --graph', () => {
    const graph = doc('graph', []);
    expect(graph.format).toBe('mermaid');
    expect(graph.text).toContain('cccc00000001');
    const drawn = doc('history', ['--graph']);
    expect((drawn.graph as Array<{ revision: string | null }>).filter((r) => r.revision !== null)).toHaveLength(4);
  });

  it('upgrade and downgrade --sql: the script inside the document, warnings on stderr', () => {
    const up = doc('upgrade', ['base:heads', '--sql']);
    expect(up.sql).toMatch(/CREATE TABLE/i);
    expect(up.to).toEqual(['cccc00000001']);
    const down = doc('downgrade', ['cccc00000001:base', '--sql']);
    expect(down.sql).toMatch(/DROP TABLE/i);
    expect(down.direction).toBe('down');
    const nothing = orm('upgrade', 'heads:heads', '--sql');
    expect(expectDocument(nothing, 'upgrade').steps).toEqual([]);
    expect(nothing.stderr).toMatch(/^warning: nothing to do/m);
  });

  it('upgrade heads, downgrade, stamp (online and --sql)', () => {
    expect((doc('upgrade', ['heads']).steps as unknown[]).length).toBe(2);
    const down = doc('downgrade', ['-1']);
    expect(down).toMatchObject({ direction: 'down', to: ['aaaa00000002', 'bbbb00000001'] });
    const stamp = doc('stamp', ['heads']);
    expect(stamp).toMatchObject({ purged: false, to: ['cccc00000001'] });
    expect(stamp).not.toHaveProperty('sql');
    const sql = doc('stamp', ['base:heads', '--sql']);
    expect(sql.sql).toMatch(/cccc00000001/);
  });

  it('check: in sync (exit 0), then differences (exit 1, same document)', () => {
    // the merge and the side branch are empty: the database has users, as the models say
    expect(doc('check', []).inSync).toBe(true);
    writeFileSync(join(project.dir, 'src', 'models.ts'), MODELS_V2);
    const r = orm('check');
    const drift = expectDocument(r, 'check', 1);
    covered.add('check');
    expect(drift).toMatchObject({ inSync: false, changes: ['add column users.age'] });
    expect(r.stderr).toMatch(/^Error: the models and the database differ/m);
  });

  it('pull', () => {
    const pulled = doc('pull', ['--out', 'pulled.ts']);
    expect(pulled).toMatchObject({ path: join(project.dir, 'pulled.ts'), tables: ['users'] });
  });

  it('lint, lint --list-codes', () => {
    // the noisy revision prints while it is recorded: that goes to stderr too
    const linted = doc('lint', []);
    expect(linted).toMatchObject({ range: null, dialect: 'sqlite', errors: 0, warnings: 0, suppressed: 0 });
    expect((linted.revisions as unknown[]).length).toBeGreaterThan(0);
    expect((doc('lint', ['--list-codes']).codes as Array<{ code: string }>).map((c) => c.code)).toContain('DS101');
  });

  it('every command was covered', () => {
    expect([...covered].sort()).toEqual(Object.keys(JSON_DOCUMENT_KEYS).sort());
  });

  describe('failures: one error document, the exit status unchanged', () => {
    it('a user error (exit 1)', () => {
      const e = expectErrorDocument(orm('show', 'nope'), 'show', 1, /No such revision or branch label 'nope'/);
      expect(e.hint).toMatch(/orm history/);
    });

    it('a failing revision (exit 1): the progress before it on stderr, the error in the document', () => {
      const file = join(project.dir, 'migrations', 'versions', 'dddd00000001_boom.ts');
      expect(orm('revision', '-m', 'boom', '--rev-id', 'dddd00000001').status).toBe(0);
      writeFileSync(file, readFileSync(file, 'utf8').replace(/export async function upgrade\(op: Operations\): Promise<void> \{\n/, "$&  op.execute('select * from no_such_table');\n"));
      const r = orm('upgrade', 'head');
      const e = expectErrorDocument(r, 'upgrade', 1, /Revision dddd00000001 \(boom\) failed/);
      expect(e.hint).toMatch(/rolled back/);
      expect(r.stderr).toMatch(/^Error: Revision dddd00000001/m);
    });

    it('bad usage found by orm (exit 2)', () => {
      expectErrorDocument(orm('upgrade', 'base:head'), 'upgrade', 2, /only for printing SQL/);
    });

    it('bad usage found by the argument parser (exit 2): unknown option, missing argument, unknown command, no command', () => {
      expectErrorDocument(orm('upgrade', 'head', '--bogus'), 'upgrade', 2, /unknown option '--bogus'/);
      expectErrorDocument(orm('upgrade'), 'upgrade', 2, /missing required argument 'target'/);
      expectErrorDocument(orm('frobnicate'), null, 2, /unknown command 'frobnicate'/);
      const none = runCli(project.dir, ['--json']);
      expect(none.status).toBe(2);
      expect(parseOne(none)).toMatchObject({ command: null, error: { message: 'no command given' } });
    });

    it('no config file (exit 1)', () => {
      const empty = createTempDir('orm-json-empty-');
      try {
        expectErrorDocument(runCli(empty.dir, ['heads', '--json']), 'heads', 1, /No config file found/);
      } finally {
        empty.cleanup();
      }
    });

    it('--json --verbose: the cause chain goes to stderr only', () => {
      const r = runCli(project.dir, ['current', '--json', '--verbose', '--url', 'sqlite:./no/such/dir/app.db']);
      expectErrorDocument(r, 'current', 1, /directory/);
      expect(r.stderr).toMatch(/^\s+at /m);
    });
  });
});

/**
 * Start-up stays light: `orm --help` and the graph commands (`heads`, `history`, `branches`,
 * `show`) never load pg, better-sqlite3, kysely or the TypeScript loader (with a JSON config; a
 * TypeScript config needs the loader to be read).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runCli } from '../helpers/cli.js';
import { createTempDir } from '../helpers/databases.js';

const HEAVY = ['pg', 'better-sqlite3', 'kysely', 'esbuild'];

function loadedBy(args: string[], cwd: string): string[] {
  const log = join(cwd, 'loads.txt');
  writeFileSync(log, '');
  const r = runCli(cwd, args, { ORM_RECORD_LOADS: log }, ['--import', join(ROOT, 'test/helpers/record-loads.mjs')]);
  expect(r.status).toBe(0);
  return readFileSync(log, 'utf8').split('\n').filter(Boolean);
}

describe('start-up', () => {
  const tmp = createTempDir('orm-startup-');
  afterAll(() => tmp.cleanup());

  beforeAll(() => {
    writeFileSync(join(tmp.dir, 'orm.config.json'), JSON.stringify({ url: 'sqlite:./app.db' }));
    mkdirSync(join(tmp.dir, 'migrations', 'versions'), { recursive: true });
    writeFileSync(
      join(tmp.dir, 'migrations', 'versions', 'aaaaaaaaaaaa_one.ts'),
      "export const revision = 'aaaaaaaaaaaa';\nexport const downRevision = null;\nexport async function upgrade() {}\nexport async function downgrade() {}\n",
    );
  });

  it('the recorder sees modules (control)', () => {
    expect(loadedBy(['--help'], tmp.dir)).toContain('commander');
  });

  it.each([[['--help']], [['heads']], [['history']], [['branches']], [['show', 'aaaaaaaaaaaa']], [['history', '-r', 'base:heads']]])('orm %j loads none of pg, better-sqlite3, kysely, esbuild', (args) => {
    const loaded = loadedBy(args, tmp.dir);
    for (const heavy of HEAVY) expect(loaded).not.toContain(heavy);
  });
});

/**
 * The round-trip property of autogenerate, on real databases. For random schema pairs A→B:
 * a database at A (built by autogenerate from models describing A), then models describing B,
 * `revision --autogenerate`, `upgrade head`: the database compares equal to B and a second
 * autogenerate finds nothing; `downgrade -1`: it compares equal to A again.
 *
 * Everything goes the way a user's run goes: models module written in the DSL (renderModels),
 * loaded, compared, rendered into a revision file, loaded and run. A fixed seed and a modest
 * number of runs here; `npm run fuzz` runs many more (ORM_FUZZ_RUNS, ORM_FUZZ_SEED).
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { withDatabase } from '../../src/commands/open-database.js';
import { openProject } from '../../src/commands/project.js';
import { compareDatabase } from '../../src/diff/compare-database.js';
import { describeChanges } from '../../src/diff/describe-changes.js';
import { loadModels } from '../../src/model/load-models.js';
import { migrate } from '../../src/commands/migrate.js';
import { autogenerateRevision } from '../../src/commands/revision.js';
import { templatesRoot } from '../../src/commands/init.js';
import { renderModels } from '../../src/render/render-models.js';
import type { Schema } from '../../src/schema/schema.js';
import { versionLogName } from '../../src/runtime/version-log.js';
import { memoryLogger } from '../../src/util/logger.js';
import { createPgDatabase, createSqliteFile, createTempDir, describePg } from '../helpers/databases.js';
import { schemaArb } from '../helpers/schema-arbitrary.js';

const RUNS = Number(process.env.ORM_FUZZ_RUNS ?? 6);
const SEED = Number(process.env.ORM_FUZZ_SEED ?? 20261121);

interface Database {
  readonly url: string;
  cleanup(): Promise<void>;
}

/** One A→B round trip in a fresh project and database; throws with the step that went wrong. */
async function roundTrip(a: Schema, b: Schema, db: Database): Promise<void> {
  const project = createTempDir('orm-fuzz-');
  try {
    writeFileSync(join(project.dir, 'orm.config.json'), JSON.stringify({ url: db.url }));
    mkdirSync(join(project.dir, 'migrations', 'versions'), { recursive: true });
    mkdirSync(join(project.dir, 'src'));
    copyFileSync(join(templatesRoot(), 'generic', 'migrations', 'script.ts.tmpl'), join(project.dir, 'migrations', 'script.ts.tmpl'));
    const ctx = { cwd: project.dir, env: {}, logger: memoryLogger() };
    const models = (schema: Schema) => writeFileSync(join(project.dir, 'src', 'models.ts'), renderModels(schema));
    // Compares the database with the models module as autogenerate does (also below the head).
    const inSync = async (what: string) => {
      const { config } = await openProject(ctx);
      const target = await loadModels(config.models);
      const ops = await withDatabase(config, async (db) =>
        (
          await compareDatabase(db.dialect, db.connection.db, target, {
            versionTable: { table: config.versionTable, schema: null },
            toolTables: [versionLogName({ table: config.versionTable, schema: config.versionTableSchema })],
          })
        ).ops,
      );
      if (ops.length > 0) throw new Error(`${what}: the database differs from the models:\n${describeChanges(ops).join('\n')}`);
    };

    models(a);
    await autogenerateRevision(ctx, { message: 'schema A', revId: 'aaaaaaaaaaaa' });
    await migrate(ctx, { direction: 'up', target: 'head' });
    await inSync('after building A');

    models(b);
    const second = await autogenerateRevision(ctx, { message: 'A to B', revId: 'bbbbbbbbbbbb' });
    await migrate(ctx, { direction: 'up', target: 'head' });
    await inSync(`after upgrading to B (${second.changes.join('; ')})`);
    // a second autogenerate finds nothing
    const third = await autogenerateRevision(ctx, { message: 'again', revId: 'cccccccccccc' });
    if (third.changes.length > 0) throw new Error(`second autogenerate found: ${third.changes.join('; ')}`);
    await migrate(ctx, { direction: 'up', target: 'head' });
    await migrate(ctx, { direction: 'down', target: 'bbbbbbbbbbbb' });

    const down = await migrate(ctx, { direction: 'down', target: '-1' });
    if (down.to.join() !== 'aaaaaaaaaaaa') throw new Error(`downgrade -1 ended at ${down.to.join()}`);
    models(a);
    await inSync('after downgrading back to A');
  } finally {
    project.cleanup();
    await db.cleanup();
  }
}

describe('autogenerate round trip on SQLite (fast-check)', () => {
  it('A → B → A', async () => {
    await fc.assert(
      fc.asyncProperty(schemaArb({ comments: false }), schemaArb({ comments: false }), async (a, b) => {
        const file = createSqliteFile();
        await roundTrip(a, b, { url: file.url, cleanup: async () => file.cleanup() });
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  }, 600_000);
});

describePg('autogenerate round trip on PostgreSQL (fast-check)', () => {
  it('A → B → A', async () => {
    await fc.assert(
      fc.asyncProperty(schemaArb({ comments: true }), schemaArb({ comments: true }), async (a, b) => {
        const database = await createPgDatabase('orm_fuzz');
        await roundTrip(a, b, { url: database.url, cleanup: database.drop });
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  }, 600_000);
});

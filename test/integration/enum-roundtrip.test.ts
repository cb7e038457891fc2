/**
 * Enum types end to end, the way a user runs them: models module (enumType), `revision
 * --autogenerate`, `upgrade`, `downgrade`, on a real PostgreSQL database (named types, values
 * added with ALTER TYPE ... ADD VALUE in an autocommit block, removed or reordered by recreating
 * the type, renamed in place) and on SQLite (TEXT with a CHECK, rebuilt when the values change).
 * Rows are checked at every step; a second autogenerate finds nothing; pull writes the enums back.
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { migrate, migrateSql } from '../../src/commands/migrate.js';
import { withDatabase, type OpenDatabase } from '../../src/commands/open-database.js';
import { openProject } from '../../src/commands/project.js';
import { pull } from '../../src/commands/pull.js';
import { autogenerateRevision } from '../../src/commands/revision.js';
import { templatesRoot } from '../../src/commands/init.js';
import { compareDatabase } from '../../src/diff/compare-database.js';
import { describeChanges } from '../../src/diff/describe-changes.js';
import { loadModels } from '../../src/model/load-models.js';
import { versionLogName } from '../../src/runtime/version-log.js';
import { memoryLogger } from '../../src/util/logger.js';
import { createPgDatabase, createSqliteFile, createTempDir, describePg, rejectionMatching } from '../helpers/databases.js';

interface Project {
  readonly dir: string;
  models(source: string): void;
  autogenerate(revId: string): Promise<{ changes: string[]; path: string }>;
  up(target?: string): Promise<unknown>;
  down(target: string): Promise<unknown>;
  /** Runs `work` on an open connection to the project's database. */
  db<T>(work: (db: OpenDatabase) => Promise<T>): Promise<T>;
  /** The changes a comparison of the models with the database finds (empty when in sync). */
  remaining(): Promise<string[]>;
  cleanup(): void;
}

function createProject(url: string): Project {
  const project = createTempDir('orm-enum-');
  writeFileSync(join(project.dir, 'orm.config.json'), JSON.stringify({ url }));
  mkdirSync(join(project.dir, 'migrations', 'versions'), { recursive: true });
  mkdirSync(join(project.dir, 'src'));
  copyFileSync(join(templatesRoot(), 'generic', 'migrations', 'script.ts.tmpl'), join(project.dir, 'migrations', 'script.ts.tmpl'));
  const ctx = { cwd: project.dir, env: {}, logger: memoryLogger() };
  const self: Project = {
    dir: project.dir,
    models: (source) => writeFileSync(join(project.dir, 'src', 'models.ts'), source),
    autogenerate: async (revId) => {
      const r = await autogenerateRevision(ctx, { message: revId, revId });
      return { changes: r.changes, path: r.path };
    },
    up: (target = 'head') => migrate(ctx, { direction: 'up', target }),
    down: (target) => migrate(ctx, { direction: 'down', target }),
    db: async (work) => withDatabase((await openProject(ctx)).config, work),
    remaining: async () => {
      const { config } = await openProject(ctx);
      const target = await loadModels(config.models);
      return self.db(async (db) =>
        describeChanges(
          (
            await compareDatabase(db.dialect, db.connection.db, target, {
              versionTable: { table: config.versionTable, schema: null },
              toolTables: [versionLogName({ table: config.versionTable, schema: config.versionTableSchema })],
            })
          ).ops,
        ),
      );
    },
    cleanup: project.cleanup,
  };
  return self;
}

/** The models: an enum shared by two tables, with the values (and options) given. */
const models = (values: string[], options = '', extra = '') => `import { defineMetadata, defineTable, enumType, integer, text } from 'orm';

export const orderStatus = enumType('order_status', ${JSON.stringify(values)}${options ? `, ${options}` : ''});

export const orders = defineTable('orders', {
  id: integer().primaryKey(),
  status: orderStatus.column().notNull().default('pending'),
  note: text(),${extra}
});

export const shipments = defineTable('shipments', {
  id: integer().primaryKey(),
  last_status: orderStatus.column(),
});

export const metadata = defineMetadata({ tables: { orders, shipments } });
`;

const ROWS = [
  [1, 'pending'],
  [2, 'paid'],
  [3, 'shipped'],
] as const;

async function insertRows(p: Project): Promise<void> {
  await p.db(async ({ connection: { db } }) => {
    for (const [id, status] of ROWS) {
      await sql`insert into orders (id, status) values (${id}, ${status})`.execute(db);
      await sql`insert into shipments (id, last_status) values (${id}, ${status})`.execute(db);
    }
  });
}

async function statuses(p: Project, table = 'orders', column = 'status'): Promise<Array<[number, string | null]>> {
  return p.db(async ({ connection: { db } }) => {
    const { rows } = await sql<{ id: number; v: string | null }>`select id, ${sql.ref(column)} as v from ${sql.table(table)} order by id`.execute(db);
    return rows.map((r) => [Number(r.id), r.v]);
  });
}

async function pgLabels(p: Project, type = 'order_status'): Promise<string[] | null> {
  return p.db(async ({ connection: { db } }) => {
    const { rows } = await sql<{ labels: string[] | null }>`
      select array(select e.enumlabel::text from pg_enum e where e.enumtypid = t.oid order by e.enumsortorder) as labels
      from pg_type t where t.typname = ${type} and t.typnamespace = current_schema()::regnamespace`.execute(db);
    return rows[0]?.labels ?? null;
  });
}

describePg('PostgreSQL enum types through autogenerate, upgrade and downgrade', () => {
  let database: Awaited<ReturnType<typeof createPgDatabase>>;
  let p: Project;

  beforeAll(async () => {
    database = await createPgDatabase('orm_enum');
    p = createProject(database.url);
  });
  afterAll(async () => {
    p?.cleanup();
    await database?.drop();
  });

  it('creates the type before the tables that use it; a second autogenerate finds nothing', async () => {
    p.models(models(['pending', 'paid', 'shipped']));
    const first = await p.autogenerate('r1_create');
    expect(first.changes).toEqual([
      "add enum order_status ('pending', 'paid', 'shipped')",
      'add table orders',
      'add table shipments',
    ]);
    await p.up();
    expect(await pgLabels(p)).toEqual(['pending', 'paid', 'shipped']);
    expect(await p.remaining()).toEqual([]);
    await insertRows(p);
  });

  it('gains values: ADD VALUE runs in an autocommit block, so the same upgrade can use them', async () => {
    // a new column whose default is a new value: its DDL needs the value committed
    p.models(models(['pending', 'paid', 'refunded', 'shipped', 'lost'], '', "\n  previous: orderStatus.column().notNull().default('refunded'),"));
    const r = await p.autogenerate('r2_add_values');
    expect(r.changes).toEqual([
      "add value 'refunded' to enum order_status after 'paid'",
      "add value 'lost' to enum order_status after 'shipped'",
      'add column orders.previous',
    ]);
    const source = readFileSync(r.path, 'utf8');
    expect(source).toContain("op.autocommitBlock(() => {\n    op.addEnumValue('order_status', 'refunded', { after: 'paid' });");
    // and a data migration using a new value, written by hand after the block
    writeFileSync(r.path, source.replace("op.addColumn('orders', 'previous'", "op.execute(\"UPDATE orders SET status = 'refunded' WHERE id = 2\");\n  op.addColumn('orders', 'previous'"));
    await p.up();
    expect(await pgLabels(p)).toEqual(['pending', 'paid', 'refunded', 'shipped', 'lost']);
    expect(await statuses(p)).toEqual([
      [1, 'pending'],
      [2, 'refunded'],
      [3, 'shipped'],
    ]);
    expect(await statuses(p, 'orders', 'previous')).toEqual([
      [1, 'refunded'],
      [2, 'refunded'],
      [3, 'refunded'],
    ]);
    expect(await p.remaining()).toEqual([]);
    expect((await p.autogenerate('r2_again')).changes).toEqual([]);
    await p.up();
  });

  it('offline SQL: the added values between COMMIT and BEGIN, before the rest of the revision', async () => {
    const ctx = { cwd: p.dir, env: {}, logger: memoryLogger() };
    const { sql: script } = await migrateSql(ctx, { direction: 'up', target: 'r1_create:r2_add_values' });
    expect(script).toMatch(
      /COMMIT;\s+alter type "order_status" add value if not exists 'refunded' after 'paid';\s+alter type "order_status" add value if not exists 'lost' after 'shipped';\s+BEGIN;\s+UPDATE orders SET status = 'refunded' WHERE id = 2;\s+alter table "orders" add column "previous" "order_status" default 'refunded' not null;/,
    );
  });

  it('downgrade removes the added values again (the type recreated, rows kept); a row holding one makes it fail loudly', async () => {
    // row 2 holds 'refunded' (the hand-written UPDATE, which the generated downgrade does not undo)
    await expect(p.down('r1_create')).rejects.toThrow(/cannot remove value 'refunded' from enum order_status: column orders\.status still holds it/);
    expect(await pgLabels(p)).toEqual(['pending', 'paid', 'refunded', 'shipped', 'lost']);
    await p.db(({ connection: { db } }) => sql`update orders set status = 'paid' where id = 2`.execute(db));
    await p.down('r1_create');
    expect(await pgLabels(p)).toEqual(['pending', 'paid', 'shipped']);
    expect(await statuses(p)).toEqual(ROWS.map(([id, s]) => [id, s]));
    expect(await statuses(p, 'shipments', 'last_status')).toEqual(ROWS.map(([id, s]) => [id, s]));
  });
});

describePg('PostgreSQL enum values removed, reordered, renamed, and the type dropped', () => {
  let database: Awaited<ReturnType<typeof createPgDatabase>>;
  let p: Project;

  beforeAll(async () => {
    database = await createPgDatabase('orm_enum');
    p = createProject(database.url);
    p.models(models(['pending', 'paid', 'shipped', 'cancelled']));
    await p.autogenerate('e1_create');
    await p.up();
    await insertRows(p);
  });
  afterAll(async () => {
    p?.cleanup();
    await database?.drop();
  });

  it('loses a value (unused): the type is recreated, rows and defaults kept; downgrade restores it', async () => {
    p.models(models(['shipped', 'paid', 'pending']));
    const r = await p.autogenerate('e2_remove');
    expect(r.changes).toEqual(["remove value 'cancelled' from enum order_status (recreated: 'shipped', 'paid', 'pending')"]);
    await p.up();
    expect(await pgLabels(p)).toEqual(['shipped', 'paid', 'pending']);
    expect(await statuses(p)).toEqual(ROWS.map(([id, s]) => [id, s]));
    expect(await statuses(p, 'shipments', 'last_status')).toEqual(ROWS.map(([id, s]) => [id, s]));
    expect(await p.remaining()).toEqual([]);
    // the default survived the recreate and names the new type
    await p.db(async ({ connection: { db } }) => {
      await sql`insert into orders (id) values (10)`.execute(db);
      expect((await sql<{ status: string }>`select status from orders where id = 10`.execute(db)).rows[0]!.status).toBe('pending');
      await sql`delete from orders where id = 10`.execute(db);
    });

    await p.down('e1_create');
    expect(await pgLabels(p)).toEqual(['pending', 'paid', 'shipped', 'cancelled']);
    expect(await statuses(p)).toEqual(ROWS.map(([id, s]) => [id, s]));
    expect(await p.db(async ({ connection: { db } }) => (await sql`select 1 from pg_type where typname = 'order_status__new'`.execute(db)).rows)).toEqual([]);
    await p.up();
  });

  it('loses a value still in use: the upgrade fails loudly, naming the column, and the database stays where it was', async () => {
    p.models(models(['shipped', 'paid']).replace(".default('pending')", ".default('paid')"));
    const r = await p.autogenerate('e3_remove_used');
    expect(r.changes).toEqual([
      "change default of orders.status: 'pending' -> 'paid'",
      "remove value 'pending' from enum order_status (recreated: 'shipped', 'paid')",
    ]);
    await expect(p.up()).rejects.toThrow(/cannot remove value 'pending' from enum order_status: column orders\.status still holds it/);
    expect(await pgLabels(p)).toEqual(['shipped', 'paid', 'pending']);
    expect(await statuses(p)).toEqual(ROWS.map(([id, s]) => [id, s]));
    // with the rows moved first (a data migration before the recreate, written by hand), it goes through
    const source = readFileSync(r.path, 'utf8');
    writeFileSync(
      r.path,
      source.replace(
        "op.replaceEnumValues('order_status'",
        "op.execute(\"UPDATE orders SET status = 'paid' WHERE status = 'pending'\");\n  " +
          "op.execute(\"UPDATE shipments SET last_status = NULL WHERE last_status = 'pending'\");\n  op.replaceEnumValues('order_status'",
      ),
    );
    await p.up();
    expect(await pgLabels(p)).toEqual(['shipped', 'paid']);
    expect(await statuses(p)).toEqual([
      [1, 'paid'],
      [2, 'paid'],
      [3, 'shipped'],
    ]);
    expect(await p.remaining()).toEqual([]);
    // downgrade: the value comes back (the rows keep what they were moved to), so does the default
    await p.down('e2_remove');
    expect(await pgLabels(p)).toEqual(['shipped', 'paid', 'pending']);
    await p.db(async ({ connection: { db } }) => {
      await sql`update orders set status = 'pending' where id = 1`.execute(db);
      await sql`update shipments set last_status = 'pending' where id = 1`.execute(db);
    });
    expect(await statuses(p)).toEqual(ROWS.map(([id, s]) => [id, s]));
    rmSync(r.path);
  });

  it('a value renamed with renamedFrom keeps the rows (renamed); downgrade renames it back', async () => {
    p.models(models(['sent', 'paid', 'pending'], "{ renamedFrom: { sent: 'shipped' } }"));
    const r = await p.autogenerate('e4_rename');
    expect(r.changes).toEqual(["rename value 'shipped' of enum order_status to 'sent'"]);
    await p.up();
    expect(await pgLabels(p)).toEqual(['sent', 'paid', 'pending']);
    expect(await statuses(p)).toEqual([
      [1, 'pending'],
      [2, 'paid'],
      [3, 'sent'],
    ]);
    expect(await p.remaining()).toEqual([]);
    await p.down('e2_remove');
    expect(await statuses(p)).toEqual(ROWS.map(([id, s]) => [id, s]));
    await p.up();
  });

  it('a value renamed without a hint is a removal and an addition (which fails loudly on rows holding it)', async () => {
    p.models(models(['dispatched', 'paid', 'pending']));
    const r = await p.autogenerate('e5_unhinted');
    expect(r.changes).toEqual([
      "add value 'dispatched' to enum order_status",
      "remove value 'sent' from enum order_status (recreated: 'dispatched', 'paid', 'pending')",
    ]);
    await expect(p.up()).rejects.toThrow(/cannot remove value 'sent'/);
    // the autocommit block had committed the new value; running again does not trip over it
    expect(await pgLabels(p)).toEqual(['sent', 'paid', 'pending', 'dispatched']);
    await expect(p.up()).rejects.toThrow(/cannot remove value 'sent'/);
    rmSync(r.path);
  });

  it('the type is dropped with its last columns; downgrade makes it again', async () => {
    p.models(`import { defineMetadata, defineTable, integer, text } from 'orm';

export const orders = defineTable('orders', { id: integer().primaryKey(), note: text() });
export const metadata = defineMetadata({ tables: { orders } });
`);
    const r = await p.autogenerate('e6_drop');
    expect(r.changes).toEqual(['drop table shipments', 'drop column orders.status', 'drop enum order_status']);
    await p.up();
    expect(await pgLabels(p)).toBeNull();
    expect(await p.remaining()).toEqual([]);
    await p.down('e4_rename');
    // 'dispatched' came from the failed run's autocommit block: the downgrade restores what e6 dropped
    expect(await pgLabels(p)).toEqual(['sent', 'paid', 'pending', 'dispatched']);
    await p.up();
  });

  it('offline SQL: creating, recreating, renaming and dropping compile without a database', async () => {
    const ctx = { cwd: p.dir, env: {}, logger: memoryLogger() };
    const { sql: script } = await migrateSql(ctx, { direction: 'up', target: 'head' });
    expect(script).toContain(`create type "order_status" as enum ('pending', 'paid', 'shipped', 'cancelled');`);
    expect(script).toContain('ALTER TYPE "order_status__new" RENAME TO "order_status";');
    expect(script).toContain(`alter type "order_status" rename value 'shipped' to 'sent';`);
    expect(script).toContain('drop type "order_status";');
  });
});

describePg('pull writes enum types in the DSL', () => {
  it('round-trips: the pulled models compare equal to the database', async () => {
    const database = await createPgDatabase('orm_enum');
    const p = createProject(database.url);
    try {
      await p.db(async ({ connection: { db } }) => {
        await sql`create schema app`.execute(db);
        await sql`create type app.mood as enum ('happy', 'sad', 'it''s')`.execute(db);
        await sql`create type order_status as enum ('pending', 'paid')`.execute(db);
        await sql`create type unused as enum ()`.execute(db);
        await sql`create table orders (id integer primary key, status order_status not null default 'pending', mood app.mood, again order_status)`.execute(db);
      });
      const ctx = { cwd: p.dir, env: {}, logger: memoryLogger() };
      const { path } = await pull(ctx, { out: 'src/models.ts', force: true });
      const source = readFileSync(path, 'utf8');
      expect(source).toContain("export const orderStatus = enumType('order_status', ['pending', 'paid']);");
      expect(source).toContain("export const mood = enumType('mood', ['happy', 'sad', \"it's\"], { schema: 'app' });");
      expect(source).toContain("status: orderStatus.column().notNull().default('pending'),");
      expect(source).toContain('enums: [unused]');
      expect(await p.remaining()).toEqual([]);
    } finally {
      p.cleanup();
      await database.drop();
    }
  });
});

describe('SQLite enum columns: TEXT with a CHECK, rebuilt when the values change', () => {
  let file: ReturnType<typeof createSqliteFile>;
  let p: Project;

  beforeAll(() => {
    file = createSqliteFile();
    p = createProject(file.url);
  });
  afterAll(() => {
    p?.cleanup();
    file?.cleanup();
  });

  it('creates, gains and loses values with the rows kept (a rebuild); downgrade restores them', async () => {
    p.models(models(['pending', 'paid', 'shipped', 'cancelled']));
    expect((await p.autogenerate('s1')).changes).toEqual(['add table orders', 'add table shipments']);
    await p.up();
    await insertRows(p);
    expect(await p.remaining()).toEqual([]);
    await p.db(async ({ connection: { db } }) => {
      await expect(sql`insert into orders (id, status) values (9, 'nope')`.execute(db)).rejects.toMatchObject(rejectionMatching(/CHECK constraint failed: order_status/));
    });

    p.models(models(['pending', 'paid', 'refunded', 'shipped']));
    const r = await p.autogenerate('s2');
    expect(r.changes).toEqual([
      "change type of orders.status: order_status('pending', 'paid', 'shipped', 'cancelled') -> order_status('pending', 'paid', 'refunded', 'shipped')",
      "change type of shipments.last_status: order_status('pending', 'paid', 'shipped', 'cancelled') -> order_status('pending', 'paid', 'refunded', 'shipped')",
    ]);
    await p.up();
    expect(await statuses(p)).toEqual(ROWS.map(([id, s]) => [id, s]));
    expect(await p.remaining()).toEqual([]);
    expect((await p.autogenerate('s2_again')).changes).toEqual([]);
    await p.up();
    await p.db(async ({ connection: { db } }) => {
      await sql`update orders set status = 'refunded' where id = 2`.execute(db);
      await sql`update orders set status = 'paid' where id = 2`.execute(db);
    });

    await p.down('s1');
    expect(await statuses(p)).toEqual(ROWS.map(([id, s]) => [id, s]));
    expect(await p.db(async ({ connection: { db } }) => (await sql<{ sql: string }>`select sql from sqlite_schema where name = 'orders'`.execute(db)).rows[0]!.sql)).toContain(
      `constraint "order_status" check ("status" in ('pending', 'paid', 'shipped', 'cancelled'))`,
    );
  });

  it('pull reads the CHECK back as the enum', async () => {
    const ctx = { cwd: p.dir, env: {}, logger: memoryLogger() };
    const { path } = await pull(ctx, { out: 'src/pulled.ts', force: true });
    const source = readFileSync(path, 'utf8');
    expect(source).toContain("export const orderStatus = enumType('order_status', ['pending', 'paid', 'shipped', 'cancelled']);");
    expect(source).toContain('last_status: orderStatus.column(),');
    writeFileSync(join(p.dir, 'src', 'models.ts'), source);
    expect(await p.remaining()).toEqual([]);
  });
});

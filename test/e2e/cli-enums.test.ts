/**
 * Enum types as a user meets them through the CLI: models with `enumType`, `revision
 * --autogenerate`, `upgrade`, `check`, `upgrade --sql`, `downgrade`, on SQLite and PostgreSQL.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { createPgDatabase, createTempDir, describePg } from '../helpers/databases.js';

const models = (values: string[], extra = '') => `import { defineMetadata, defineTable, enumType, integer } from 'orm';

export const orderStatus = enumType('order_status', ${JSON.stringify(values)});

export const orders = defineTable('orders', {
  id: integer().primaryKey(),
  status: orderStatus.column().notNull().default('pending'),${extra}
});

export const metadata = defineMetadata({ tables: { orders } });
`;

function enumSuite(name: string, setup: () => Promise<{ url: string; cleanup(): Promise<void> }>) {
  describe(`${name}: enum types through the CLI`, () => {
    let project: ReturnType<typeof createTempDir>;
    let db: { url: string; cleanup(): Promise<void> };
    const orm = (...args: string[]) => runCli(project.dir, [...args, '--url', db.url]);
    const file = (id: string) => readFileSync(join(project.dir, 'migrations', 'versions', readdirSync(join(project.dir, 'migrations', 'versions')).find((f) => f.startsWith(id))!), 'utf8');

    beforeAll(async () => {
      project = createTempDir('orm-enum-cli-');
      db = await setup();
      expect(runCli(project.dir, ['init']).status).toBe(0);
      mkdirSync(join(project.dir, 'src'));
    });
    afterAll(async () => {
      await db.cleanup();
      project.cleanup();
    });

    it('creates the enum with its table; check is quiet afterwards', () => {
      writeFileSync(join(project.dir, 'src', 'models.ts'), models(['pending', 'paid']));
      const r = orm('revision', '--autogenerate', '-m', 'orders', '--rev-id', 'enum00000001');
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(orm('upgrade', 'head').status).toBe(0);
      expect(orm('check').stdout.trim()).toBe('No changes detected.');
    });

    it('a value added and used by a new column in the same upgrade; downgrade and upgrade again', () => {
      writeFileSync(join(project.dir, 'src', 'models.ts'), models(['pending', 'paid', 'refunded'], "\n  was: orderStatus.column().notNull().default('refunded'),"));
      const r = orm('revision', '--autogenerate', '-m', 'refunds', '--rev-id', 'enum00000002');
      expect(r.status).toBe(0);
      const up = orm('upgrade', 'head');
      expect(up.stderr).toBe('');
      expect(up.status).toBe(0);
      expect(orm('check').stdout.trim()).toBe('No changes detected.');
      if (name === 'postgres') {
        const offline = orm('upgrade', 'enum00000001:enum00000002', '--sql');
        expect(offline.status).toBe(0);
        expect(r.stdout).toContain("Detected add value 'refunded' to enum order_status after 'paid'");
        expect(file('enum00000002')).toContain("op.autocommitBlock(() => {\n    op.addEnumValue('order_status', 'refunded', { after: 'paid' });\n  });");
        expect(offline.stdout).toMatch(/COMMIT;\s+alter type "order_status" add value if not exists 'refunded' after 'paid';\s+BEGIN;/);
      } else {
        expect(r.stdout).toContain("Detected change type of orders.status: order_status('pending', 'paid') -> order_status('pending', 'paid', 'refunded')");
      }
      const down = orm('downgrade', '-1');
      expect(down.stderr).toBe('');
      expect(down.status).toBe(0);
      // and up again: the value is added again (the downgrade had removed it)
      expect(orm('upgrade', 'head').status).toBe(0);
      expect(orm('check').stdout.trim()).toBe('No changes detected.');
    });
  });
}

enumSuite('sqlite', async () => {
  const tmp = createTempDir('orm-enum-cli-db-');
  return { url: `sqlite:${join(tmp.dir, 'app.db')}`, cleanup: async () => tmp.cleanup() };
});

describePg('postgres', () => {
  enumSuite('postgres', async () => {
    const database = await createPgDatabase('orm_enum_cli');
    return { url: database.url, cleanup: database.drop };
  });
});

// Written by the model-render test: the golden text of renderModels.
import {
  blob,
  boolean,
  defineMetadata,
  defineTable,
  index,
  integer,
  numeric,
  text,
  varchar,
} from '../../../src/index.js';

export const customers = defineTable('customers', {
  id: integer().primaryKey().autoincrement(),
  name: text().notNull(),
  code: varchar().unique(),
}, (t) => ({
  uniques: [{ columns: [t.name, t.code] }],
}));

export const order = defineTable('order', {
  id: integer().primaryKey().autoincrement(),
  'customer id': integer()
    .notNull()
    .references(() => customers.columns.id, { onDelete: 'restrict' }),
  total: numeric(10, 2).notNull().default(0),
  note: text().default('n/a'),
  paid: boolean().notNull().default(false),
  data: blob(),
}, (t) => ({
  indexes: [
    index('idx_order_customer').on(t['customer id']),
    index('order_paid').on(t.id).unique().where('paid = 0'),
  ],
  checks: [{ expression: 'total >= 0' }],
}));

export const sessions = defineTable('sessions', {
  token: text().primaryKey().nullable(),
  customer_id: integer().references(() => customers.columns.id, { onDelete: 'cascade' }),
});

export const textTable = defineTable('text', {
  id: integer().primaryKey(),
  value: text(),
});

export const a = defineTable('a', {
  id: integer().primaryKey(),
  b_id: integer().references('b.id'),
});

export const b = defineTable('b', {
  id: integer().primaryKey(),
  a_id: integer().references('a.id', { onDelete: 'cascade' }),
});

export const metadata = defineMetadata({
  tables: { customers, order, sessions, textTable, a, b },
  namingConvention: {
    uq: null,
    ck: null,
    fk: null,
    pk: null,
  },
});

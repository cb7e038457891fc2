// Written by the model-render test: the golden text of renderModels.
import {
  bigint,
  date,
  defineMetadata,
  defineTable,
  index,
  integer,
  json,
  numeric,
  raw,
  real,
  smallint,
  sql,
  text,
  time,
  timestamptz,
  varchar,
} from '../../../src/index.js';

export const accounts = defineTable('accounts', {
  id: integer().primaryKey().autoincrement(),
  name: text().notNull(),
  region: varchar(8).notNull(),
}, (t) => ({
  schema: 'app',
  comment: "Customers' accounts",
  uniques: [{ columns: [t.id, t.region] }],
}));

export const events = defineTable('events', {
  id: integer().primaryKey(),
}, {
  schema: 'app',
});

export const auditEvents = defineTable('events', {
  id: bigint().primaryKey().autoincrement(),
  account_id: integer().references(() => accounts.columns.id, { onDelete: 'set null' }),
  payload: json().notNull(),
  at: timestamptz().notNull().default(sql`now()`),
}, (t) => ({
  schema: 'audit',
  indexes: [index().on(t.at).using('brin')],
}));

export const users = defineTable('users', {
  id: bigint().primaryKey().autoincrement(),
  email: text().notNull().unique(),
  karma: smallint().notNull().default(0),
  balance: numeric(12, 2).notNull().default(0),
  tags: raw('text[]').default(sql`'{}'::text[]`),
  born: date(),
  wakes: time(),
  ratio: real(),
}, (t) => ({
  indexes: [index('users_lower_idx').on(sql`lower(email)`)],
  checks: [{ name: 'users_email_check', expression: "email ~ '@'" }],
}));

export const members = defineTable('members', {
  account_id: integer(),
  region: varchar(8).notNull(),
  user_id: bigint(),
  role: text().notNull().default('viewer'),
  invited_by: bigint(),
}, (t) => ({
  schema: 'app',
  primaryKey: [t.account_id, t.user_id],
  foreignKeys: [
    {
      columns: [t.account_id, t.region],
      references: () => [accounts.columns.id, accounts.columns.region],
      onDelete: 'cascade',
      deferrable: true,
      initiallyDeferred: true,
    },
    { columns: [t.user_id], references: () => users.columns.id, onDelete: 'cascade' },
    {
      columns: [t.invited_by],
      references: () => users.columns.id,
      onDelete: 'set null',
      onUpdate: 'restrict',
    },
  ],
  indexes: [index().on(t.role)],
}));

export const metadata = defineMetadata({
  tables: { accounts, events, auditEvents, users, members },
  namingConvention: {
    ix: '%(table_name)s_%(column_0_N_name)s_idx',
    uq: '%(table_name)s_%(column_0_N_name)s_key',
    fk: '%(table_name)s_%(column_0_N_name)s_fkey',
    pk: '%(table_name)s_pkey',
  },
});

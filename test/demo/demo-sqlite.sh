#!/usr/bin/env bash
# The main job on SQLite, end to end, with nothing to install: a new project in a temporary
# folder, two revisions, upgrade, current, history, downgrade. Run through `npm run demo`.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
ORM="node $ROOT/bin/orm"
work=$(mktemp -d "${TMPDIR:-/tmp}/orm-demo-XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
step() { printf '\n$ orm'; printf ' %q' "$@"; printf '\n'; $ORM "$@"; }
# Shows what the database holds, through the project's own SQLite driver.
rows() {
  printf '\n$ %s\n' "$1"
  node -e 'const D = require(process.argv[1]); const db = new D("app.db", { readonly: true });
    for (const r of db.prepare(process.argv[2]).all()) console.log(JSON.stringify(r));' "$ROOT/node_modules/better-sqlite3" "$1"
}

step init --dialect sqlite
step revision -m "create users" --rev-id 0001aaaaaaaa
step revision -m "create posts" --rev-id 0002bbbbbbbb

# Fill in the two revisions as a user would.
cat > migrations/versions/0001aaaaaaaa_create_users.ts <<'TS'
/**
 * create users
 *
 * Revision ID: 0001aaaaaaaa
 * Revises:
 * Create Date: 2026-11-21 10:00:00
 */
import type { Operations } from 'orm';

export const revision = '0001aaaaaaaa';
export const downRevision: string | string[] | null = null;
export const branchLabels: string[] | null = null;
export const dependsOn: string[] | null = null;

export async function upgrade(op: Operations): Promise<void> {
  op.createTable('users', {
    id: { type: 'integer', primaryKey: true, autoincrement: true },
    name: { type: 'varchar(100)', nullable: false },
  });
  op.bulkInsert('users', [{ id: 1, name: 'ada' }, { id: 2, name: 'grace' }]);
}

export async function downgrade(op: Operations): Promise<void> {
  op.dropTable('users');
}
TS
cat > migrations/versions/0002bbbbbbbb_create_posts.ts <<'TS'
/**
 * create posts
 *
 * Revision ID: 0002bbbbbbbb
 * Revises: 0001aaaaaaaa
 * Create Date: 2026-11-21 10:05:00
 */
import type { Operations } from 'orm';

export const revision = '0002bbbbbbbb';
export const downRevision: string | string[] | null = '0001aaaaaaaa';
export const branchLabels: string[] | null = null;
export const dependsOn: string[] | null = null;

export async function upgrade(op: Operations): Promise<void> {
  op.createTable('posts', {
    id: { type: 'integer', primaryKey: true },
    user_id: { type: 'integer', nullable: false },
    title: { type: 'text', nullable: false },
  }, {
    foreignKeys: [{ name: 'fk_posts_user_id', columns: ['user_id'], refTable: 'users', refColumns: ['id'], onDelete: 'CASCADE' }],
  });
  op.bulkInsert('posts', [{ id: 1, user_id: 1, title: 'hello' }]);
  // SQLite cannot ALTER a column's nullability: orm rebuilds the table, keeping its rows.
  op.alterColumn('users', 'name', { nullable: true, type: 'text' });
}

export async function downgrade(op: Operations): Promise<void> {
  op.alterColumn('users', 'name', { nullable: false, type: 'varchar(100)' });
  op.dropTable('posts');
}
TS

step heads
step upgrade head
rows "select name, sql from sqlite_schema where name = 'users'"
rows "select * from users"
step current
step history
step downgrade -1
rows "select * from users"
step current
step downgrade base
printf '\nDemo finished: the project was in %s (removed now).\n' "$work"

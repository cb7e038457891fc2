import { sql, type Kysely } from 'kysely';

/**
 * Runs catalog reads with PostgreSQL's JIT compilation off, then gives the session its setting
 * back. The catalog queries aggregate per table in SQL, so on a big schema their estimated cost
 * passes `jit_above_cost` and the server spends more time compiling them with LLVM (tens of
 * milliseconds per statement) than running them. One statement before (none after when JIT was
 * off already, or the server has none), one after, whatever the size of the schema.
 */
export async function withoutJit<T>(db: Kysely<any>, work: () => Promise<T>): Promise<T> {
  const { rows } = await sql<{ previous: string | null }>`
    select current_setting('jit', true) as previous,
      case when current_setting('jit', true) = 'on' then set_config('jit', 'off', false) end as now`.execute(db);
  const previous = rows[0]?.previous ?? null;
  if (previous !== 'on') return work();
  let failed = false;
  try {
    return await work();
  } catch (err) {
    failed = true;
    throw err;
  } finally {
    // In a transaction the failure aborted, this fails too; its rollback restores the setting.
    await sql`select set_config('jit', 'on', false)`.execute(db).catch((err: unknown) => {
      if (!failed) throw err;
    });
  }
}

import { createOperations, type Operations } from '../ops/operations.js';
import type { Op } from '../ops/ops.js';

/** What a revision's upgrade did when run against a recorder instead of a database. */
export interface RecordedUpgrade {
  /** The ops in call order, up to a failure or the first use of `op.db`. */
  readonly ops: Op[];
  /** True when the upgrade touched `op.db` (which the recorder cannot give). */
  readonly readsData: boolean;
  /** What the upgrade threw, unless it was `op.db` being unavailable. */
  readonly failure: unknown;
}

/** Thrown by the recorder's `op.db`: lint has no database to hand out. */
class NoDatabaseError extends Error {
  constructor() {
    super('op.db is not available while lint records a revision (no database is connected)');
    this.name = 'NoDatabaseError';
  }
}

/**
 * Runs `upgrade(op)` with a recording sink: each op is collected, none runs, nothing connects.
 * `op.offline` is true (as with `--sql`), so a revision that guards its data part with
 * `if (!op.offline)` records every schema op.
 */
export async function recordUpgrade(upgrade: (op: Operations) => unknown, dialect: string): Promise<RecordedUpgrade> {
  const ops: Op[] = [];
  let readsData = false;
  const recorder = createOperations({
    dialect,
    offline: true,
    run: async (op) => {
      ops.push(op);
    },
    db: () => {
      readsData = true;
      throw new NoDatabaseError();
    },
    // op.autocommitBlock: its ops are recorded in order like the others
    outsideTransaction: async (work) => work(),
  });
  let failure: unknown = null;
  try {
    await upgrade(recorder.op);
    await recorder.drain();
  } catch (error) {
    await recorder.drain().catch(() => undefined);
    if (!readsData) failure = error ?? new Error('the upgrade threw without a reason');
  }
  return { ops, readsData, failure };
}

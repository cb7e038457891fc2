/**
 * `op.autocommitBlock`: where its ops fall in the order of a revision's ops, whatever the
 * revision awaits, and what a failure inside it does. The sink records, for each op, whether it
 * ran inside or outside the transaction.
 */
import { createOperations } from '../../src/ops/operations.js';
import type { Op } from '../../src/ops/ops.js';
import { UserError } from '../../src/util/errors.js';

function recorder(options: { fail?: (op: Op) => boolean; noOutside?: boolean } = {}) {
  const log: string[] = [];
  let outside = false;
  const name = (op: Op) => (op.kind === 'execute' ? op.sql : op.kind);
  const rec = createOperations({
    dialect: 'postgres',
    offline: false,
    db: () => ({ where: outside ? 'connection' : 'transaction' }) as never,
    run: async (op) => {
      await new Promise((r) => setTimeout(r, 1));
      if (options.fail?.(op)) throw new Error(`failed ${name(op)}`);
      log.push(`${outside ? 'outside' : 'in'}:${name(op)}`);
    },
    ...(!options.noOutside && {
      async outsideTransaction(work: () => Promise<void>) {
        if (outside) return work();
        log.push('COMMIT');
        outside = true;
        try {
          await work();
        } finally {
          outside = false;
        }
        log.push('BEGIN');
      },
    }),
  });
  return { ...rec, log };
}

describe('op.autocommitBlock', () => {
  it('runs its ops outside the transaction, between the ops before and after it', async () => {
    const { op, drain, log } = recorder();
    op.execute('a');
    await op.autocommitBlock(async () => {
      await op.execute('b');
      op.execute('c');
    });
    op.execute('d');
    await drain();
    expect(log).toEqual(['in:a', 'COMMIT', 'outside:b', 'outside:c', 'BEGIN', 'in:d']);
  });

  it('keeps that order when the block is not awaited and its work awaits', async () => {
    const { op, drain, log } = recorder();
    op.execute('a');
    void op.autocommitBlock(async () => {
      op.execute('b');
      await new Promise((r) => setTimeout(r, 5));
      await op.execute('c');
      op.execute('c2');
    });
    op.execute('d'); // recorded before the block's work even started
    op.autocommitBlock(() => {
      op.execute('e'); // a plain (not async) function works too
    });
    await drain();
    expect(log).toEqual(['in:a', 'COMMIT', 'outside:b', 'outside:c', 'outside:c2', 'BEGIN', 'in:d', 'COMMIT', 'outside:e', 'BEGIN']);
  });

  it('starts its work only once the ops before it ran: op.db inside is the connection', async () => {
    const { op, drain } = recorder();
    op.execute('a');
    let seen: unknown;
    await op.autocommitBlock(async () => {
      seen = op.db;
    });
    await drain();
    expect(seen).toEqual({ where: 'connection' });
    expect(op.db).toEqual({ where: 'transaction' });
  });

  it('nests: an inner block just runs inside the outer one', async () => {
    const { op, drain, log } = recorder();
    op.autocommitBlock(async () => {
      op.execute('a');
      op.autocommitBlock(async () => {
        op.execute('b');
      });
      op.execute('c');
    });
    await drain();
    expect(log).toEqual(['COMMIT', 'outside:a', 'outside:b', 'outside:c', 'BEGIN']);
  });

  it('a failing op inside skips the rest of the block and everything after it', async () => {
    const { op, drain, log } = recorder({ fail: (o) => o.kind === 'execute' && o.sql === 'b' });
    op.execute('a');
    op.autocommitBlock(async () => {
      op.execute('b');
      op.execute('c');
    });
    op.execute('d');
    await expect(drain()).rejects.toThrow('failed b');
    expect(log).toEqual(['in:a', 'COMMIT']);
  });

  it('a throw in the block lets its queued ops settle first and fails the revision', async () => {
    const { op, drain, log } = recorder();
    op.autocommitBlock(async () => {
      op.execute('a');
      throw new Error('boom');
    });
    op.execute('d');
    await expect(drain()).rejects.toThrow('boom');
    // 'a' was queued before the throw and ran outside the transaction, in the block; 'd' never ran
    expect(log).toEqual(['COMMIT', 'outside:a']);
  });

  it('is refused where nothing can run ops outside a transaction', async () => {
    const { op, drain } = recorder({ noOutside: true });
    await expect(op.autocommitBlock(async () => undefined)).rejects.toThrow(UserError);
    await expect(drain()).rejects.toThrow(/not available/);
  });

  it('needs a function', async () => {
    const { op, drain } = recorder();
    await expect(op.autocommitBlock('create index' as never)).rejects.toThrow(/needs a function/);
    await expect(drain()).rejects.toThrow(/needs a function/);
  });
});

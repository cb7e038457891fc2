import type { ForeignKey } from '../schema/schema.js';
import { tableKey, type Pair, type PairedTable } from './paired-schema.js';

/** Tables in dependency order, and the foreign keys that had to be left out to get one. */
export interface TableOrder {
  readonly order: PairedTable[];
  /** Foreign keys closing a cycle: created after all the tables, or dropped before any. */
  readonly cycleKeys: ReadonlyArray<{ readonly table: PairedTable; readonly foreignKey: Pair<ForeignKey> }>;
}

/**
 * `referenced-first` (to create): every table after the tables it references.
 * `dependents-first` (to drop): every table after the tables that reference it.
 */
export type TableOrderDirection = 'referenced-first' | 'dependents-first';

interface Edge {
  readonly to: PairedTable;
  /** The foreign key behind the edge, and the table that holds it. */
  readonly holder: PairedTable;
  readonly foreignKey: Pair<ForeignKey>;
}

/**
 * Orders a set of tables by their foreign keys among the set (references to other tables and
 * to itself do not count). A depth-first walk in the given order, iterative so that long chains
 * cannot overflow the stack: deterministic, and unrelated tables keep the given order. An edge
 * to a table still being walked closes a cycle; its foreign key goes to `cycleKeys` instead.
 */
export function orderTables(tables: readonly PairedTable[], direction: TableOrderDirection): TableOrder {
  const byKey = new Map(tables.map((t) => [t.key, t]));
  const edges = new Map<PairedTable, Edge[]>(tables.map((t) => [t, []]));
  for (const holder of tables) {
    for (const foreignKey of holder.foreignKeys) {
      const ref = byKey.get(tableKey(foreignKey.norm.refSchema, foreignKey.norm.refTable));
      if (!ref || ref === holder) continue;
      if (direction === 'referenced-first') edges.get(holder)!.push({ to: ref, holder, foreignKey });
      else edges.get(ref)!.push({ to: holder, holder, foreignKey });
    }
  }
  const state = new Map<PairedTable, 'walking' | 'done'>();
  const order: PairedTable[] = [];
  const cycleKeys: Array<{ table: PairedTable; foreignKey: Pair<ForeignKey> }> = [];
  for (const start of tables) {
    if (state.has(start)) continue;
    state.set(start, 'walking');
    const stack = [{ table: start, next: 0 }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const edge = edges.get(top.table)![top.next];
      if (!edge) {
        stack.pop();
        state.set(top.table, 'done');
        order.push(top.table);
        continue;
      }
      top.next += 1;
      const seen = state.get(edge.to);
      if (seen === 'walking') {
        cycleKeys.push({ table: edge.holder, foreignKey: edge.foreignKey });
      } else if (seen === undefined) {
        state.set(edge.to, 'walking');
        stack.push({ table: edge.to, next: 0 });
      }
    }
  }
  return { order, cycleKeys };
}

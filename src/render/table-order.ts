import type { Table } from '../schema/schema.js';

/**
 * The foreign-key graph of a schema's tables, for `renderModels`: the order tables are written
 * in, and which references lie on a cycle (those cannot be thunks TypeScript infers). Linear in
 * tables plus keys, so pulling thousands of tables stays fast.
 */

/** A table's key: schema and name. */
export const tableKey = (t: { readonly name: string; readonly schema?: string | null }): string => `${t.schema ?? ''}\u0000${t.name}`;

const refKey = (fk: { readonly refTable: string; readonly refSchema?: string | null }) => `${fk.refSchema ?? ''}\u0000${fk.refTable}`;
const sortKey = (t: Table) => `${t.name}\u0000${t.schema ?? ''}`;

/** Keys of the tables each table references (present in the schema, itself excluded, once each). */
function referencedKeys(tables: readonly Table[]): Map<string, string[]> {
  const present = new Set(tables.map(tableKey));
  return new Map(
    tables.map((t) => [tableKey(t), [...new Set(t.foreignKeys.map(refKey))].filter((k) => k !== tableKey(t) && present.has(k))]),
  );
}

/**
 * Referenced tables before the tables referencing them, ties broken by name (then schema); when
 * only tables on a cycle remain, the first of them by name goes next.
 */
export function dependencyOrder(tables: readonly Table[]): Table[] {
  const sorted = [...tables].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
  const rank = new Map(sorted.map((t, i) => [tableKey(t), i]));
  const refs = referencedKeys(sorted);
  const waiting = new Map([...refs].map(([k, targets]) => [k, targets.length]));
  const dependents = new Map<string, string[]>();
  for (const [k, targets] of refs) for (const target of targets) dependents.set(target, [...(dependents.get(target) ?? []), k]);
  // Ranks of the tables whose references are all placed, kept in ascending order.
  const ready: number[] = [];
  const makeReady = (r: number) => {
    let lo = 0;
    let hi = ready.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ready[mid]! < r) lo = mid + 1;
      else hi = mid;
    }
    ready.splice(lo, 0, r);
  };
  sorted.forEach((t, i) => waiting.get(tableKey(t)) === 0 && makeReady(i));
  // Tables on a cycle, by rank. When nothing is ready, every table left waits on one of them:
  // entering there (not at a table that merely references a cycle) keeps referenced tables first.
  const groups = cycleGroups(sorted);
  const onCycle = sorted.map((_, i) => i).filter((i) => groups.has(tableKey(sorted[i]!)));
  const placed = new Set<number>();
  const out: Table[] = [];
  let firstUnplaced = 0;
  while (out.length < sorted.length) {
    let r = ready.shift();
    if (r === undefined) {
      // Only cycles (and tables waiting on them) remain: enter a cycle at its first table by name.
      while (firstUnplaced < onCycle.length && placed.has(onCycle[firstUnplaced]!)) firstUnplaced++;
      r = onCycle[firstUnplaced] ?? sorted.findIndex((_, i) => !placed.has(i));
    }
    if (placed.has(r)) continue;
    placed.add(r);
    const table = sorted[r]!;
    out.push(table);
    for (const d of dependents.get(tableKey(table)) ?? []) {
      const left = waiting.get(d)! - 1;
      waiting.set(d, left);
      if (left === 0 && !placed.has(rank.get(d)!)) makeReady(rank.get(d)!);
    }
  }
  return out;
}

/**
 * For each table on a cycle of foreign keys (a self-reference counts), an id its cycle's tables
 * share: Tarjan's strongly connected components, iterative.
 */
export function cycleGroups(tables: readonly Table[]): Map<string, number> {
  const edges = new Map(tables.map((t) => [tableKey(t), t.foreignKeys.map(refKey).filter((k, i, all) => all.indexOf(k) === i)]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const groups = new Map<string, number>();
  let counter = 0;
  let group = 0;
  for (const start of edges.keys()) {
    if (index.has(start)) continue;
    const work: Array<{ node: string; next: number }> = [{ node: start, next: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const out = edges.get(frame.node)!;
      if (frame.next < out.length) {
        const to = out[frame.next++]!;
        if (!edges.has(to)) continue;
        if (!index.has(to)) {
          index.set(to, counter);
          low.set(to, counter++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, next: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) !== index.get(frame.node)) continue;
      const members: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        members.push(member);
      } while (member !== frame.node);
      const selfLoop = edges.get(frame.node)!.includes(frame.node);
      if (members.length > 1 || selfLoop) {
        for (const m of members) groups.set(m, group);
        group++;
      }
    }
  }
  return groups;
}

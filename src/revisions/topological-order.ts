/**
 * Deterministic topological ordering of part of the revision graph, shared by upgrade plans,
 * downgrade plans and history.
 */

/**
 * Depth-first post-order from `starts` along `parentsOf`, restricted to nodes `include`
 * accepts: every node comes after all of its (included) parents. Parents are visited in the
 * order `parentsOf` gives, so one branch is finished before the next begins, which keeps the
 * output readable (a merge's first parent's chain, then the second's, then the merge).
 * Iterative, because chains of thousands of revisions would overflow a recursive walk.
 * The graph must be acyclic (RevisionGraph.build checks that).
 */
export function postOrder(
  starts: Iterable<string>,
  parentsOf: (id: string) => readonly string[],
  include: (id: string) => boolean,
): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const stack: { id: string; parents: readonly string[]; next: number }[] = [];
  for (const start of starts) {
    if (seen.has(start) || !include(start)) continue;
    seen.add(start);
    stack.push({ id: start, parents: parentsOf(start), next: 0 });
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (top.next < top.parents.length) {
        const parent = top.parents[top.next++]!;
        if (!seen.has(parent) && include(parent)) {
          seen.add(parent);
          stack.push({ id: parent, parents: parentsOf(parent), next: 0 });
        }
      } else {
        stack.pop();
        out.push(top.id);
      }
    }
  }
  return out;
}

/**
 * Every node reachable from `starts` along `next` (breadth-first), `starts` included when
 * `includeStarts` is true. Used for ancestors (next = parents) and descendants (next = children).
 */
export function reachable(
  starts: Iterable<string>,
  next: (id: string) => readonly string[],
  includeStarts: boolean,
): Set<string> {
  const out = new Set<string>();
  const queue: string[] = [];
  for (const start of starts) {
    if (includeStarts) {
      if (!out.has(start)) {
        out.add(start);
        queue.push(start);
      }
    } else {
      queue.push(start);
    }
  }
  for (let i = 0; i < queue.length; i++) {
    for (const n of next(queue[i]!)) {
      if (!out.has(n)) {
        out.add(n);
        queue.push(n);
      }
    }
  }
  return out;
}

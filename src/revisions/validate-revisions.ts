/**
 * Build-time checks of a set of revision headers: the mistakes a team makes with revision
 * files (a copied file keeping its id, a deleted parent, a typo in `downRevision`, a label used
 * twice, a cycle) are reported naming the files involved, before anything runs.
 */
import { UserError } from '../util/errors.js';
import type { RevisionHeader } from './revision-header.js';

/** Words a revision id or branch label may not be, since targets give them a meaning. */
const RESERVED = new Set(['head', 'heads', 'base', 'current']);
/** Longest id the version table's `version_num VARCHAR(32)` can hold. */
export const MAX_REVISION_ID_LENGTH = 32;

/** A header with `dependsOn` resolved to revision ids (labels replaced by the revision carrying them). */
export interface ValidatedRevision extends RevisionHeader {
  dependsOn: string[];
}

/** `'3f2a9c1d7b40' (migrations/versions/3f2a..._x.ts)` — how messages name a revision. */
export function describeRevision(header: Pick<RevisionHeader, 'revision' | 'path'>): string {
  return header.path ? `'${header.revision}' (${header.path})` : `'${header.revision}'`;
}

/**
 * Checks ids, labels and references, and resolves `dependsOn` labels to ids. Returns the
 * headers keyed by id (in input order) and the branch label → revision map. Cycles are
 * checked separately, once the edges are known ({@link findCycle}).
 */
export function validateRevisions(headers: readonly RevisionHeader[]): {
  byId: Map<string, ValidatedRevision>;
  labels: Map<string, string>;
} {
  const byId = new Map<string, ValidatedRevision>();
  for (const header of headers) {
    assertValidName(header.revision, 'revision id', header.path ?? `revision '${header.revision}'`);
    const seen = byId.get(header.revision);
    if (seen) {
      throw new UserError(`Duplicate revision id '${header.revision}': ${seen.path ?? '?'} and ${header.path ?? '?'}`, {
        hint: 'Each revision needs its own id: give one of the files a new `revision` (and fix revisions pointing at it), or delete the copy (compiled .js next to its .ts?).',
      });
    }
    byId.set(header.revision, {
      ...header,
      downRevisions: unique(header.downRevisions),
      branchLabels: unique(header.branchLabels),
      dependsOn: unique(header.dependsOn),
    });
  }

  const labels = new Map<string, string>();
  for (const rev of byId.values()) {
    for (const label of rev.branchLabels) {
      assertValidName(label, 'branch label', rev.path ?? `revision '${rev.revision}'`);
      const owner = labels.get(label);
      if (owner !== undefined) {
        throw new UserError(
          `Branch label '${label}' is used by two revisions: ${describeRevision(byId.get(owner)!)} and ${describeRevision(rev)}`,
          { hint: 'A branch label names one branch; remove it from one of the revisions or rename it.' },
        );
      }
      if (byId.has(label)) {
        throw new UserError(`Branch label '${label}' of ${describeRevision(rev)} is also a revision id`, {
          hint: 'Rename the label so targets like LABEL@head stay unambiguous.',
        });
      }
      labels.set(label, rev.revision);
    }
  }

  for (const rev of byId.values()) {
    for (const down of rev.downRevisions) {
      if (!byId.has(down)) throw missingReference(rev, 'downRevision', down, byId);
    }
    // dependsOn may name a revision or a branch label, as in Alembic
    rev.dependsOn = unique(
      rev.dependsOn.map((dep) => {
        const id = byId.has(dep) ? dep : labels.get(dep);
        if (id === undefined) throw missingReference(rev, 'dependsOn', dep, byId);
        return id;
      }),
    );
  }
  return { byId, labels };
}

/**
 * Finds a cycle among `ids` following `parentsOf`, or returns undefined. Kahn's algorithm
 * removes everything not on or below a cycle; walking parents inside the rest must revisit a
 * node, and the revisit closes the cycle that is reported.
 */
export function findCycle(
  ids: Iterable<string>,
  parentsOf: (id: string) => readonly string[],
  childrenOf: (id: string) => readonly string[],
): string[] | undefined {
  const pending = new Map<string, number>();
  const ready: string[] = [];
  for (const id of ids) {
    const n = parentsOf(id).length;
    pending.set(id, n);
    if (n === 0) ready.push(id);
  }
  while (ready.length > 0) {
    const id = ready.pop()!;
    pending.delete(id);
    for (const child of childrenOf(id)) {
      const n = pending.get(child)! - 1;
      pending.set(child, n);
      if (n === 0) ready.push(child);
    }
  }
  if (pending.size === 0) return undefined;
  // every node left has a parent left, so this walk cannot end before it loops
  const order: string[] = [];
  const at = new Map<string, number>();
  let id = [...pending.keys()].sort()[0]!;
  while (!at.has(id)) {
    at.set(id, order.length);
    order.push(id);
    id = parentsOf(id).find((p) => pending.has(p))!;
  }
  return order.slice(at.get(id)).reverse();
}

/**
 * Throws a UserError when `name` cannot be a revision id or branch label: a reserved word,
 * a character targets give a meaning to, or an id too long for the version table.
 * `where` names the file (or option) it came from.
 */
export function assertValidName(name: string, what: 'revision id' | 'branch label', where: string): void {
  const problem =
    name === ''
      ? 'it is empty'
      : RESERVED.has(name)
        ? `'${name}' is a reserved word in targets`
        : /[\s@:+\-'"`\\]/.test(name)
          ? 'it contains a space, a quote, a backslash or one of @ : + -, which targets give a meaning'
          : what === 'revision id' && name.length > MAX_REVISION_ID_LENGTH
            ? `it is longer than ${MAX_REVISION_ID_LENGTH} characters, the size of the version table's column`
            : undefined;
  if (problem) {
    throw new UserError(`Invalid ${what} '${name}' in ${where}: ${problem}`, {
      hint: 'Revision ids are 12 lowercase hex characters by default; custom ids and labels use letters, digits and _.',
    });
  }
}

function missingReference(
  rev: RevisionHeader,
  field: 'downRevision' | 'dependsOn',
  ref: string,
  byId: ReadonlyMap<string, RevisionHeader>,
): UserError {
  // ids sharing the longest prefix with the reference (at least 3 characters): likely typos
  let near: string[] = [];
  let best = 2;
  for (const id of byId.keys()) {
    let n = 0;
    while (n < id.length && id[n] === ref[n]) n++;
    if (n > best) [near, best] = [[id], n];
    else if (n === best && near.length > 0) near.push(id);
  }
  const nearText = near.length > 0 ? ` Ids that look close: ${near.slice(0, 10).join(', ')}.` : '';
  return new UserError(`${describeRevision(rev)}: ${field} '${ref}' names no revision`, {
    hint:
      (field === 'dependsOn'
        ? 'dependsOn takes full revision ids or branch labels; '
        : 'downRevision takes full revision ids; ') +
      `is a revision file missing from the version directory, or the id mistyped?${nearText}`,
  });
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

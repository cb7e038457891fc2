/**
 * Human output of the graph commands (`heads`, `branches`, `history`, `show`, `current`),
 * laid out as Alembic prints them so its users read the same lines; `--json` prints the
 * command's result as it is.
 */
import { relative } from 'node:path';
import type { CommandContext } from '../commands/command-context.js';
import type { CurrentResult } from '../commands/current.js';
import type { BranchPoint, HeadsResult, HistoryResult, ShowResult } from '../commands/history.js';
import type { RevisionInfo } from '../commands/revision-info.js';
import type { RevisionLogSummary } from '../runtime/version-log.js';
import { formatUtc } from '../util/format-utc.js';
import type { Output } from './output.js';

/** What a one-line form of a revision shows, beyond its id and head markers. */
interface LineParts {
  /** `PARENTS -> ` before the id (history). */
  parents?: boolean;
  /** `(label, ...)` after the id. */
  labels?: boolean;
  /** `(branchpoint)`, `(mergepoint)`. */
  tree?: boolean;
  /** `, message` at the end. */
  message?: boolean;
}

function parentsText(r: RevisionInfo): string {
  const down = r.downRevisions.length === 0 ? '<base>' : r.downRevisions.join(', ');
  return r.dependsOn.length === 0 ? down : `${down} (${r.dependsOn.join(', ')})`;
}

/** `PARENT -> REV (label) (head) (current) (branchpoint), message`, parts as asked. */
export function revisionLine(out: Output, r: RevisionInfo, parts: LineParts): string {
  let text = out.color.bold(r.revision);
  if (parts.parents) text = `${parentsText(r)} -> ${text}`;
  if (parts.labels && r.branchLabels.length > 0) text += ` (${r.branchLabels.join(', ')})`;
  if (r.isHead) text += ' (head)';
  if (r.isEffectiveHead) text += ' (effective head)';
  if (r.isCurrent) text += ' (current)';
  if (parts.tree && r.isBranchPoint) text += ' (branchpoint)';
  if (parts.tree && r.isMergePoint) text += ' (mergepoint)';
  if (parts.message && r.message !== null) text += `, ${r.message}`;
  return text;
}

/** A revision in full (`show`, and the `--verbose` form of the other commands), then a blank line. */
export function revisionEntry(out: Output, ctx: CommandContext, r: RevisionInfo, applied?: RevisionLogSummary): void {
  const marks = [
    r.isHead ? '(head)' : '',
    r.isEffectiveHead ? '(effective head)' : '',
    r.isBranchPoint ? '(branchpoint)' : '',
    r.isMergePoint ? '(mergepoint)' : '',
    r.isCurrent ? '(current)' : '',
  ].filter(Boolean);
  out.line(`Rev: ${out.color.bold(r.revision)}${marks.length > 0 ? ` ${marks.join(' ')}` : ''}`);
  const down = r.downRevisions.length === 0 ? '<base>' : r.downRevisions.join(', ');
  out.line(r.isMergePoint ? `Merges: ${down}` : `Parent: ${down}`);
  if (r.dependsOn.length > 0) out.line(`Also depends on: ${r.dependsOn.join(', ')}`);
  if (r.isBranchPoint) out.line(`Branches into: ${r.children.join(', ')}`);
  if (r.dependents.length > 0) out.line(`Depended on by: ${r.dependents.join(', ')}`);
  if (r.branchLabels.length > 0) out.line(`Branch names: ${r.branchLabels.join(', ')}`);
  if (r.path !== null) out.line(`Path: ${relative(ctx.cwd, r.path)}`);
  if (applied) for (const line of appliedLines(applied)) out.line(line);
  out.line();
  for (const line of (r.doc ?? r.message ?? '').split('\n')) out.line(line.trim() === '' ? '' : `    ${line}`);
  out.line();
}

/** What the applied-revision log says of a revision: its last upgrade, and a later downgrade or stamp. */
export function appliedLines(log: RevisionLogSummary): string[] {
  const lines: string[] = [];
  const { lastUp, last } = log;
  if (lastUp) lines.push(`Applied: ${formatUtc(lastUp.appliedAt)}${lastUp.durationMs === null ? '' : ` (${lastUp.durationMs} ms)`}`);
  if (last !== lastUp) lines.push(`${last.direction === 'down' ? 'Reverted' : 'Stamped'}: ${formatUtc(last.appliedAt)}`);
  return lines;
}

export function formatHeads(out: Output, ctx: CommandContext, result: HeadsResult): void {
  out.document(result);
  for (const r of result.heads) {
    if (out.verbose) revisionEntry(out, ctx, r);
    else out.line(revisionLine(out, r, { labels: true }));
  }
}

function branchPoint(out: Output, ctx: CommandContext, b: BranchPoint): void {
  if (out.verbose) revisionEntry(out, ctx, b.revision);
  else out.line(revisionLine(out, b.revision, { labels: true, tree: true }));
  // children aligned under the branch point's id, as Alembic prints them
  const indent = ' '.repeat(b.revision.revision.length);
  for (const child of b.children) out.line(`${indent} -> ${revisionLine(out, child, { labels: true, tree: true, message: out.verbose })}`);
  out.line();
}

export function formatBranches(out: Output, ctx: CommandContext, result: { branchPoints: BranchPoint[] }): void {
  out.document(result);
  for (const b of result.branchPoints) branchPoint(out, ctx, b);
}

export function formatHistory(out: Output, ctx: CommandContext, result: HistoryResult): void {
  out.document(result);
  for (const r of result.revisions) {
    if (out.verbose) revisionEntry(out, ctx, r, result.applied?.[r.revision]);
    else out.line(revisionLine(out, r, { parents: true, labels: true, tree: true, message: true }));
  }
}

export function formatShow(out: Output, ctx: CommandContext, result: ShowResult): void {
  out.document(result);
  if (result.revisions.length === 0) {
    out.line(/current/.test(result.target) ? 'No current revision: the database is at base.' : `'${result.target}' names no revision.`);
  }
  for (const r of result.revisions) revisionEntry(out, ctx, r);
}

/** `current`: one line per revision the database is at; `--verbose`: the URL, then each in full. */
export function formatCurrent(out: Output, ctx: CommandContext, result: CurrentResult): void {
  out.document(result);
  if (out.verbose) out.line(`Current revision(s) for ${result.database}:`);
  for (const r of result.revisions) {
    if (!r.known) out.line(`${out.color.bold(r.revision)} ${out.color.yellow('(no revision file)')}`);
    else if (out.verbose) revisionEntry(out, ctx, { ...r, isCurrent: null }, result.applied?.[r.revision]);
    else out.line(revisionLine(out, { ...r, isCurrent: null }, { tree: true }));
  }
}

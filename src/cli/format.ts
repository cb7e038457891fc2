import { relative } from 'node:path';
import type { CommandContext } from '../commands/command-context.js';
import type { CurrentResult } from '../commands/current.js';
import type { HistoryEntry } from '../commands/history.js';
import type { InitResult } from '../commands/init.js';
import type { Output } from './output.js';

/** Paths are shown relative to the working directory. */
function rel(ctx: CommandContext, path: string): string {
  return relative(ctx.cwd, path) || '.';
}

export function formatInit(out: Output, ctx: CommandContext, result: InitResult): void {
  out.document({ configFile: result.configFile, migrationsDir: result.migrationsDir, files: result.files });
  for (const file of result.files) out.line(`Creating ${rel(ctx, file)} ... done`);
  out.line();
  out.line(`Edit ${rel(ctx, result.configFile)} to point at your database, then: orm revision -m "first revision"`);
}

export function formatCurrent(out: Output, result: CurrentResult): void {
  out.document(result);
  for (const r of result.revisions) {
    const marks = [r.isHead ? '(head)' : '', r.known ? '' : out.color.yellow('(no revision file)')].filter(Boolean).join(' ');
    out.line(marks ? `${r.revision} ${marks}` : r.revision);
  }
}

function historyLine(out: Output, e: HistoryEntry): string {
  const from = e.downRevisions.length === 0 ? '<base>' : e.downRevisions.join(', ');
  const marks = [e.isHead ? '(head)' : '', e.isBranchPoint ? '(branchpoint)' : '', e.isMergePoint ? '(mergepoint)' : ''].filter(Boolean);
  return `${from} -> ${out.color.bold(e.revision)}${marks.length ? ` ${marks.join(' ')}` : ''}${e.message ? `, ${e.message}` : ''}`;
}

export function formatHistory(out: Output, result: { revisions: HistoryEntry[] }): void {
  out.document(result);
  for (const e of result.revisions) out.line(historyLine(out, e));
}

export function formatHeads(out: Output, result: { heads: HistoryEntry[] }): void {
  out.document(result);
  for (const e of result.heads) out.line(`${out.color.bold(e.revision)} (head)`);
}

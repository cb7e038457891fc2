import { relative } from 'node:path';
import type { CommandContext } from '../commands/command-context.js';
import type { LintCodeInfo, LintFileFinding, LintFinding, LintResult } from '../commands/lint.js';
import type { Output } from './output.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `<rev> <file>: <CODE> <severity> <message>` and its `  hint:` line. */
function findingLines(out: Output, ctx: CommandContext, finding: LintFileFinding): string[] {
  const severity = finding.severity === 'error' ? out.color.red(finding.severity) : out.color.yellow(finding.severity);
  const where = `${finding.revision} ${relative(ctx.cwd, finding.path) || finding.path}`;
  const ignored = finding.suppressed ? out.color.dim(' (ignored)') : '';
  return [`${where}: ${out.color.bold(finding.code)} ${severity} ${finding.message}${ignored}`, out.color.dim(`  hint: ${finding.hint}`)];
}

/**
 * `orm lint`: the findings grouped by revision (oldest first), then a summary line. Ignored
 * findings are shown with --verbose only. Returns the exit status: 1 when an error counts.
 */
export function formatLint(out: Output, ctx: CommandContext, result: LintResult): number {
  out.document(result);
  for (const revision of result.revisions) {
    for (const finding of revision.findings) {
      if (finding.suppressed && !out.verbose) continue;
      for (const line of findingLines(out, ctx, finding)) out.line(line);
    }
  }
  const counts = [plural(result.errors, 'error'), plural(result.warnings, 'warning')];
  const ignored = result.suppressed > 0 ? ` (${result.suppressed} ignored)` : '';
  const linted = `Linted ${plural(result.revisions.length, 'revision')} for ${result.dialect}`;
  if (result.revisions.length === 0) out.line('No revisions to lint.');
  else if (result.errors + result.warnings === 0) out.line(`${linted}: no findings${ignored}.`);
  else out.line(`${linted}: ${counts.join(', ')}${ignored}.`);
  if (result.errors === 0) return 0;
  out.failure(
    `lint found ${plural(result.errors, 'error')}`,
    'fix the revision, or if the change is intended add `// orm-lint-ignore CODE` to its file',
  );
  return 1;
}

/** `orm lint --list-codes`: every code with its severity, meaning and fix. */
export function formatLintCodes(out: Output, codes: readonly LintCodeInfo[]): void {
  out.document({ codes });
  for (const info of codes) {
    const only = info.only ? ` (${info.only} only)` : '';
    out.line(`${out.color.bold(info.code)} ${info.severity.padEnd(7)} ${info.title}${only}`);
    out.line(out.color.dim(`  fix: ${info.fix}`));
  }
}

/**
 * The findings of `revision --autogenerate`, as warnings on stderr: they never block, the file
 * is written; the revision can then be edited, or checked again with `orm lint`.
 */
export function warnLintFindings(ctx: CommandContext, findings: readonly LintFinding[]): void {
  for (const f of findings) ctx.logger.warn(`${f.code} ${f.severity}: ${f.message}\n  hint: ${f.hint}`);
}

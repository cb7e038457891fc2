import { isLintCode, type LintCode } from './lint-codes.js';

const DIRECTIVE = /\/\/[ \t]*orm-lint-ignore\b([^\n]*)/g;

/**
 * The codes a revision file ignores: each `// orm-lint-ignore CODE[, CODE ...] [why]` line
 * comment names one or more codes (a reason may follow). Its findings are still reported, as
 * suppressed, and never make `orm lint` fail. Unknown codes are returned apart, to be reported.
 */
export function readSuppressions(source: string): { codes: Set<LintCode>; unknown: string[] } {
  const codes = new Set<LintCode>();
  const unknown: string[] = [];
  for (const match of source.matchAll(DIRECTIVE)) {
    for (const word of match[1]!.split(/[\s,]+/).filter(Boolean)) {
      // a code, perhaps ending the list with `:` (`DS101: why`); anything else starts the reason
      const code = /^([A-Za-z]{2}\d{3})([:;.]?)$/.exec(word);
      if (!code) break;
      if (isLintCode(code[1]!)) codes.add(code[1]);
      else unknown.push(code[1]!);
      if (code[2]) break;
    }
  }
  return { codes, unknown };
}

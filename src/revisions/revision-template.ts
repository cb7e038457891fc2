/**
 * Rendering `script.ts.tmpl` into the source of a new revision file. Pure (no I/O).
 *
 * Placeholders (`${name}`; other `${...}` text is left alone, so templates may hold template
 * literals):
 * - `${message}`: the message (multi-line messages continue with the line's ` * ` prefix)
 * - `${revision}`: the id, bare (the template quotes it: `export const revision = '${revision}';`)
 * - `${downRevision}`: a TS literal: `null`, `'abc'` or `['a', 'b']`
 * - `${branchLabels}`, `${dependsOn}`: `null` or `['a', 'b']`
 * - `${revises}`: the down revisions as a comma list, for the doc comment
 * - `${createDate}`: `YYYY-MM-DD HH:MM:SS`, local time
 * - `${upgrades}`, `${downgrades}`: function bodies, unindented; each line gets the
 *   placeholder's indentation
 * - `${imports}`: extra import lines
 * A line holding only a placeholder whose value is empty is dropped.
 */

/** What a revision file is rendered from. */
export interface RevisionTemplateValues {
  revision: string;
  downRevisions: readonly string[];
  branchLabels?: readonly string[];
  dependsOn?: readonly string[];
  message: string;
  createDate: Date | string;
  /** Statements of `upgrade(op)`, unindented; default: a comment saying where to write them. */
  upgradeBody?: string;
  /** Statements of `downgrade(op)`, unindented; default: a comment. */
  downgradeBody?: string;
  /** Extra import lines (e.g. the user's own modules). */
  imports?: string;
}

const DEFAULT_UPGRADE = '// Write the schema changes here, e.g. op.createTable(...).';
const DEFAULT_DOWNGRADE = '// Undo the changes of upgrade() here.';
const PLACEHOLDER = /\$\{(\w+)\}/g;
// text before a placeholder that a continuation line repeats: indentation or a comment leader
const CONTINUABLE_PREFIX = /^\s*(?:\*\s?|\/\/\s?)?$/;
/** Placeholders whose values are code: their lines keep trailing spaces the code has. */
const CODE_PLACEHOLDERS = new Set(['upgrades', 'downgrades', 'imports']);

/** Renders `template` with `values`. */
export function renderRevisionTemplate(template: string, values: RevisionTemplateValues): string {
  const vars: Record<string, string> = {
    message: values.message.replace(/\*\//g, '*\\/').trim(),
    revision: values.revision,
    downRevision: tsLiteral(values.downRevisions, 'scalar'),
    branchLabels: tsLiteral(values.branchLabels ?? [], 'list'),
    dependsOn: tsLiteral(values.dependsOn ?? [], 'list'),
    revises: values.downRevisions.join(', '),
    createDate: typeof values.createDate === 'string' ? values.createDate : formatCreateDate(values.createDate),
    upgrades: trimBlankEdges(values.upgradeBody ?? DEFAULT_UPGRADE),
    downgrades: trimBlankEdges(values.downgradeBody ?? DEFAULT_DOWNGRADE),
    imports: trimBlankEdges(values.imports ?? ''),
  };
  const out: string[] = [];
  for (const line of template.split('\n')) {
    const only = /^\s*\$\{(\w+)\}\s*$/.exec(line);
    if (only && vars[only[1]!] === '') continue;
    let code = false;
    const rendered = line.replace(PLACEHOLDER, (whole, name: string, offset: number) => {
      const value = vars[name];
      if (value === undefined) return whole;
      if (CODE_PLACEHOLDERS.has(name)) code = true;
      const prefix = line.slice(0, offset);
      if (!value.includes('\n') || !CONTINUABLE_PREFIX.test(prefix)) return value;
      return value
        .split('\n')
        .map((l, i) => (i === 0 ? l : l.trim() === '' ? prefix.trimEnd() : prefix + l))
        .join('\n');
    });
    out.push(code ? rendered : rendered.trimEnd());
  }
  return out.join('\n');
}

/**
 * A TS literal: `null` for no values; `'a'` for one value when `scalar` (downRevision);
 * otherwise an array `['a', 'b']`.
 */
export function tsLiteral(values: readonly string[], shape: 'scalar' | 'list'): string {
  if (values.length === 0) return 'null';
  const quoted = values.map((v) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`);
  return shape === 'scalar' && quoted.length === 1 ? quoted[0]! : `[${quoted.join(', ')}]`;
}

/** `YYYY-MM-DD HH:MM:SS` in local time, as Alembic's Create Date. */
export function formatCreateDate(date: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return (
    `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())} ` +
    `${p(date.getHours())}:${p(date.getMinutes())}:${p(date.getSeconds())}`
  );
}

/**
 * The file-name slug of a message: lowercase ASCII words joined by `_` (accents dropped,
 * other characters separate words), cut at a word boundary to at most `max` characters.
 */
export function revisionSlug(message: string, max = 40): string {
  const words = message.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().match(/[a-z0-9]+/g) ?? [];
  const slug = words.join('_');
  if (slug.length <= max) return slug;
  if (slug[max] === '_') return slug.slice(0, max);
  const cut = slug.lastIndexOf('_', max);
  // one long first word: cut it rather than return nothing
  return cut > 0 ? slug.slice(0, cut) : slug.slice(0, max);
}

/** Drops leading and trailing blank lines (keeping indentation of the first code line). */
function trimBlankEdges(text: string): string {
  return text.replace(/^(?:[ \t]*\r?\n)+/, '').trimEnd();
}

/**
 * Reading a revision file's header — its id, down revisions, branch labels, dependencies and
 * message — as text, without executing the file. Only the revisions that run are ever loaded,
 * so `heads`, `history` and planning stay fast on thousands of files.
 */
import { UserError } from '../util/errors.js';
import { type HeaderLiteral, ScanError, excerpt, lineAt, scanLiteral, skipInlineTrivia, skipTrivia } from './literal-scanner.js';

/** What the revision graph needs to know about one revision file. */
export interface RevisionHeader {
  /** The revision id (`export const revision`). */
  revision: string;
  /** Parent revisions (`downRevision`): empty for a base, several for a merge point. */
  downRevisions: string[];
  /** Branch labels carried by this revision (`branchLabels`). */
  branchLabels: string[];
  /** Revisions (ids or branch labels) this one depends on without merging them (`dependsOn`). */
  dependsOn: string[];
  /** The first paragraph of the file's doc comment. */
  message?: string;
  /** The whole doc comment, `*` prefixes removed (for `orm show`). */
  doc?: string;
  /** The file the header was read from. */
  path?: string;
}

type ConstantName = 'revision' | 'downRevision' | 'branchLabels' | 'dependsOn';

// Anchored at a line start so a `// export const revision = ...` line comment never matches.
const DECLARATION = /^[ \t]*export[ \t]+const[ \t]+(revision|downRevision|branchLabels|dependsOn)(?![\w$])/gm;
const AS_CONST = /^as[ \t]+const(?![\w$])/;
const LITERAL_HINT =
  'The header constants are read as text, without running the file: write them as plain literals, ' +
  "e.g. export const downRevision: string | string[] | null = '9b1e0c2a4d11';";

/**
 * Parses the header constants of a revision file's `source`. `path` is used in messages only.
 * Throws a UserError naming the file and line for a missing `revision` or `downRevision`,
 * a value that is not a literal, or a malformed declaration.
 */
export function parseRevisionHeader(source: string, path: string): RevisionHeader {
  const found = new Map<ConstantName, { value: HeaderLiteral; pos: number }>();
  // matchAll iterates a copy of the regex, so no lastIndex state is shared between calls
  for (const m of source.matchAll(DECLARATION)) {
    if (insideBlockComment(source, m.index)) continue;
    const name = m[1] as ConstantName;
    const declPos = m.index + m[0].length - name.length;
    if (found.has(name)) {
      throw headerError(path, source, declPos, `\`${name}\` is declared twice`);
    }
    found.set(name, { value: readValue(source, path, name, m.index + m[0].length), pos: declPos });
  }

  const revision = found.get('revision');
  if (!revision) {
    throw new UserError(`${path}: no \`export const revision = '...'\` declaration; is this a revision file?`, {
      hint: 'Every file in a version directory is a revision; move helpers elsewhere or name them with a leading _ (they are skipped).',
    });
  }
  if (typeof revision.value !== 'string' || revision.value.trim() === '') {
    throw headerError(path, source, revision.pos, '`revision` must be a non-empty string');
  }
  const down = found.get('downRevision');
  if (!down) {
    throw new UserError(`${path}: no \`export const downRevision\` declaration`, {
      hint: 'A first revision declares `export const downRevision: string | string[] | null = null;`.',
    });
  }
  const { doc, message } = readDocComment(source);
  const header: RevisionHeader = {
    revision: revision.value,
    downRevisions: asList(path, source, 'downRevision', down),
    branchLabels: asList(path, source, 'branchLabels', found.get('branchLabels')),
    dependsOn: asList(path, source, 'dependsOn', found.get('dependsOn')),
    path,
  };
  if (message !== undefined) header.message = message;
  if (doc !== undefined) header.doc = doc;
  return header;
}

/** Reads `[: Type] = literal [as const] ;` after a constant's name. */
function readValue(src: string, path: string, name: ConstantName, pos: number): HeaderLiteral {
  try {
    pos = skipTrivia(src, pos);
    if (src[pos] === ':') pos = skipTypeAnnotation(src, pos + 1);
    if (src[pos] !== '=') {
      throw new ScanError(`expected '=' after \`export const ${name}\`, found ${excerpt(src, pos)}`, pos);
    }
    const { value, end } = scanLiteral(src, pos + 1);
    pos = skipInlineTrivia(src, end);
    const asConst = AS_CONST.exec(src.slice(pos, pos + 32));
    if (asConst) pos = skipInlineTrivia(src, pos + asConst[0].length);
    const c = src[pos];
    // the statement must end here: `;`, a line break (ASI) or the end of the file
    if (!(c === undefined || c === ';' || c === '\n' || src.startsWith('/*', pos))) {
      throw new ScanError(`the value is not a plain literal: found ${excerpt(src, pos)} after it`, pos);
    }
    return value;
  } catch (err) {
    if (!(err instanceof ScanError)) throw err;
    throw headerError(path, src, err.pos, `\`${name}\`: ${err.message}`, LITERAL_HINT);
  }
}

/** Skips a type annotation up to its `=`; types in these declarations never contain one. */
function skipTypeAnnotation(src: string, pos: number): number {
  for (let i = pos; i < src.length; i++) {
    const c = src[i];
    if (c === '=' && src[i + 1] !== '>') return i;
    if (c === ';' || (c === '\n' && /^\s*export\s/.test(src.slice(i + 1, i + 20)))) break;
  }
  throw new ScanError("expected '=' after the type annotation", pos);
}

function asList(
  path: string,
  src: string,
  name: ConstantName,
  entry: { value: HeaderLiteral; pos: number } | undefined,
): string[] {
  if (!entry || entry.value === null) return [];
  // a single string is accepted where a list is expected, as Alembic accepts a str for a tuple
  const list = typeof entry.value === 'string' ? [entry.value] : entry.value;
  if (list.some((v) => v.trim() === '')) {
    throw headerError(path, src, entry.pos, `\`${name}\` holds an empty string`, LITERAL_HINT);
  }
  return list;
}

/** True when `pos` lies inside a `/* ... *\/` comment (cheap check: the last opener is unclosed). */
function insideBlockComment(src: string, pos: number): boolean {
  const open = src.lastIndexOf('/*', pos);
  return open >= 0 && src.lastIndexOf('*/', pos) < open;
}

/** The leading `/** ... *\/` doc comment: its text, and its first paragraph as the message. */
function readDocComment(src: string): { doc?: string; message?: string } {
  let pos = src.startsWith('#!') ? src.indexOf('\n') + 1 : 0;
  let end: number;
  for (;;) {
    pos = skipLineComments(src, pos);
    if (!src.startsWith('/*', pos)) return {};
    end = src.indexOf('*/', pos + 2);
    if (end < 0) return {};
    if (src.startsWith('/**', pos) && end > pos + 2) break;
    // a plain /* */ comment (a licence, a lint directive) is not the doc comment
    pos = end + 2;
  }
  const lines = src
    .slice(pos + 3, end)
    .split('\n')
    .map((line) => line.replace(/^\s*\*? ?/, '').trimEnd());
  while (lines.length > 0 && lines[0] === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const doc = lines.join('\n');
  const paragraph: string[] = [];
  for (const line of lines) {
    if (line === '' || /^(Revision ID|Revises|Create Date):/.test(line)) break;
    paragraph.push(line.trim());
  }
  return paragraph.length > 0 ? { doc, message: paragraph.join(' ') } : { doc };
}

function skipLineComments(src: string, pos: number): number {
  for (;;) {
    while (/\s/.test(src[pos] ?? '')) pos++;
    if (!src.startsWith('//', pos)) return pos;
    const eol = src.indexOf('\n', pos);
    pos = eol < 0 ? src.length : eol;
  }
}

function headerError(path: string, src: string, pos: number, message: string, hint?: string): UserError {
  return new UserError(`${path}:${lineAt(src, pos)}: ${message}`, hint === undefined ? {} : { hint });
}

/**
 * A tiny scanner for the literal values of a revision file's header constants. It reads
 * `null`, string literals and arrays of string literals, with comments and newlines anywhere
 * between tokens — the subset of TypeScript the header constants are allowed to use — so the
 * revision graph can be built without a TypeScript parser or running any file.
 */

/** A literal value found in source: `null`, a string, or an array of strings. */
export type HeaderLiteral = null | string | string[];

/** A scan failure at `pos` (an offset in the source); the caller turns it into a UserError. */
export class ScanError extends Error {
  constructor(
    message: string,
    readonly pos: number,
  ) {
    super(message);
    this.name = 'ScanError';
  }
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v', '0': '\0' };

/** Skips whitespace (newlines included) and comments; returns the offset of the next token. */
export function skipTrivia(src: string, pos: number): number {
  for (;;) {
    const c = src.charCodeAt(pos);
    // space, tab, LF, CR
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      pos++;
    } else if (c === 47 /* / */ && src.charCodeAt(pos + 1) === 47) {
      const end = src.indexOf('\n', pos);
      pos = end < 0 ? src.length : end;
    } else if (c === 47 && src.charCodeAt(pos + 1) === 42 /* * */) {
      const end = src.indexOf('*/', pos + 2);
      if (end < 0) throw new ScanError('unterminated comment', pos);
      pos = end + 2;
    } else {
      return pos;
    }
  }
}

/** Skips spaces, tabs and comments that stay on the current line (ASI ends a statement at a newline). */
export function skipInlineTrivia(src: string, pos: number): number {
  for (;;) {
    const c = src.charCodeAt(pos);
    if (c === 32 || c === 9 || c === 13) {
      pos++;
    } else if (c === 47 && src.charCodeAt(pos + 1) === 47) {
      const end = src.indexOf('\n', pos);
      return end < 0 ? src.length : end;
    } else if (c === 47 && src.charCodeAt(pos + 1) === 42) {
      const end = src.indexOf('*/', pos + 2);
      if (end < 0) throw new ScanError('unterminated comment', pos);
      const inner = src.slice(pos, end);
      // a block comment spanning lines counts as a line break for ASI
      if (inner.includes('\n')) return pos;
      pos = end + 2;
    } else {
      return pos;
    }
  }
}

/** Reads one literal at `pos` (after trivia). Returns the value and the offset just past it. */
export function scanLiteral(src: string, pos: number): { value: HeaderLiteral; end: number } {
  pos = skipTrivia(src, pos);
  const c = src[pos];
  if (c === "'" || c === '"' || c === '`') return scanString(src, pos);
  if (c === '[') return scanArray(src, pos);
  const word = /^[A-Za-z_$][\w$]*/.exec(src.slice(pos, pos + 64));
  if (word && (word[0] === 'null' || word[0] === 'undefined')) {
    // `undefined` reads as "not set", like null
    return { value: null, end: pos + word[0].length };
  }
  throw new ScanError(`expected a literal (a string, an array of strings or null), found ${excerpt(src, pos)}`, pos);
}

function scanString(src: string, start: number): { value: string; end: number } {
  const quote = src[start];
  let out = '';
  let pos = start + 1;
  while (pos < src.length) {
    const ch = src[pos];
    if (ch === quote) return { value: out, end: pos + 1 };
    if (ch === '\\') {
      const next = src[pos + 1] ?? '';
      out += SIMPLE_ESCAPES[next] ?? next;
      pos += 2;
      continue;
    }
    // a template literal with a substitution is an expression, not a literal
    if (quote === '`' && ch === '$' && src[pos + 1] === '{') {
      throw new ScanError('a template string with ${...} is not a literal', pos);
    }
    if (ch === '\n' && quote !== '`') break;
    out += ch;
    pos++;
  }
  throw new ScanError('unterminated string', start);
}

function scanArray(src: string, start: number): { value: string[]; end: number } {
  const items: string[] = [];
  let pos = skipTrivia(src, start + 1);
  while (src[pos] !== ']') {
    if (pos >= src.length) throw new ScanError("unterminated array: missing ']'", start);
    const c = src[pos];
    if (c !== "'" && c !== '"' && c !== '`') {
      throw new ScanError(`expected a string in the array, found ${excerpt(src, pos)}`, pos);
    }
    const item = scanString(src, pos);
    items.push(item.value);
    pos = skipTrivia(src, item.end);
    if (src[pos] === ',') {
      pos = skipTrivia(src, pos + 1);
    } else if (src[pos] !== ']') {
      throw new ScanError(`expected ',' or ']' in the array, found ${excerpt(src, pos)}`, pos);
    }
  }
  return { value: items, end: pos + 1 };
}

/** A short quote of the source at `pos`, for messages. */
export function excerpt(src: string, pos: number): string {
  if (pos >= src.length) return 'the end of the file';
  const line = src.slice(pos, src.indexOf('\n', pos) < 0 ? src.length : src.indexOf('\n', pos)).trim();
  return `\`${line.length > 40 ? `${line.slice(0, 40)}...` : line}\``;
}

/** 1-based line number of offset `pos`. */
export function lineAt(src: string, pos: number): number {
  let line = 1;
  for (let i = src.indexOf('\n'); i >= 0 && i < pos; i = src.indexOf('\n', i + 1)) line++;
  return line;
}

import type { ServerDefault } from '../schema/schema.js';

/**
 * Pieces of TypeScript source for `renderModels`: string literals, object keys, member access,
 * SQL expressions, defaults, variable names, and the layout of objects and arrays (one line when
 * it fits in 100 columns, else one item per line with trailing commas). Pure functions.
 */

/** The width rendered lines aim for. */
export const WIDTH = 100;

/** A value of rendered source: text, or an object / array laid out on one line or broken. */
export type SourceNode =
  | string
  | { readonly object: ReadonlyArray<readonly [string, SourceNode]> }
  | { readonly array: readonly SourceNode[] };

/** The one-line form of a node. */
export function flat(node: SourceNode): string {
  if (typeof node === 'string') return node;
  if ('object' in node) {
    return node.object.length === 0 ? '{}' : `{ ${node.object.map(([k, v]) => `${k}: ${flat(v)}`).join(', ')} }`;
  }
  return `[${node.array.map(flat).join(', ')}]`;
}

/** `node` at `indent`, after `used` characters of its line: on one line when it fits, else broken. */
export function layout(node: SourceNode, indent: number, used: number): string {
  const one = flat(node);
  if (typeof node === 'string' || used + one.length + 1 <= WIDTH) return one;
  const pad = ' '.repeat(indent + 2);
  const items =
    'object' in node
      ? node.object.map(([k, v]) => `${pad}${k}: ${layout(v, indent + 2, pad.length + k.length + 2)},`)
      : node.array.map((v) => `${pad}${layout(v, indent + 2, pad.length)},`);
  const [open, close] = 'object' in node ? ['{', '}'] : ['[', ']'];
  return `${open}\n${items.join('\n')}\n${' '.repeat(indent)}${close}`;
}

const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * `value` as a string literal: single-quoted, unless it holds more single quotes than double
 * quotes (SQL text often does), then double-quoted, as prettier chooses. Control and invisible
 * characters are escaped.
 */
export function quoteString(value: string): string {
  const q = value.split("'").length > value.split('"').length ? '"' : "'";
  const escaped = value.replace(/[\\'"\n\r\t\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/gu, (ch) =>
    ch === "'" || ch === '"' ? (ch === q ? `\\${ch}` : ch) : (ESCAPES[ch] ?? unicodeEscape(ch)),
  );
  return q + escaped + q;
}

function unicodeEscape(ch: string): string {
  return `\\u{${ch.codePointAt(0)!.toString(16)}}`;
}

const IDENTIFIER = /^[\p{ID_Start}_$][\p{ID_Continue}$\u200c\u200d]*$/u;

/** True when `name` can be written bare as a property key or after a dot. */
export const isIdentifierName = (name: string): boolean => IDENTIFIER.test(name);

/**
 * An object key: bare when it can be, quoted otherwise (`id`, `'user id'`); `__proto__` computed,
 * since as a plain key it would set the object's prototype instead.
 */
export const propertyKey = (name: string): string =>
  name === '__proto__' ? `['__proto__']` : isIdentifierName(name) ? name : quoteString(name);

/** `object.name` or `object['odd name']`. */
export const member = (object: string, name: string): string =>
  isIdentifierName(name) ? `${object}.${name}` : `${object}[${quoteString(name)}]`;

/** An SQL expression: sql`now()`, or sql('...') when the text would need escaping in a template. */
export function sqlLiteral(text: string): string {
  const awkward = /[`\\\r\n]|\$\{/.test(text) || /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u.test(text);
  return awkward ? `sql(${quoteString(text)})` : `sql\`${text}\``;
}

/** The argument of `.default(...)`. */
export function defaultLiteral(value: ServerDefault): string {
  if (value.kind === 'sql') return sqlLiteral(value.sql);
  if (typeof value.value === 'string') return quoteString(value.value);
  return Object.is(value.value, -0) ? '-0' : String(value.value);
}

/** Words that cannot name a variable. */
const RESERVED = new Set(
  ('break case catch class const continue debugger default delete do else enum export extends false finally for function ' +
    'if import in instanceof new null return super switch this throw true try typeof var void while with yield let static ' +
    'implements interface package private protected public await arguments eval undefined NaN Infinity').split(' '),
);

/** A camelCase variable name for a table (`user_roles` -> `userRoles`), or null when none can be made. */
export function camelIdentifier(name: string): string | null {
  const words = name.split(/[^\p{ID_Continue}]+|_+/u).filter((w) => w !== '');
  if (words.length === 0) return null;
  const joined = words.map((w, i) => (i === 0 ? w[0]!.toLowerCase() + w.slice(1) : w[0]!.toUpperCase() + w.slice(1))).join('');
  const id = /^\p{ID_Start}/u.test(joined) ? joined : `t${joined}`;
  return RESERVED.has(id) || !IDENTIFIER.test(id) ? null : id;
}

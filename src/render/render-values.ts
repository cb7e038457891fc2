import { UserError } from '../util/errors.js';
import { array, object, property, text, type Doc } from './layout.js';

/**
 * JavaScript values as TypeScript literals: strings single-quoted and escaped, object keys bare
 * when they are plain identifiers, numbers, booleans, `null`, and the few object kinds a data
 * migration row may hold.
 */

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
  '\v': '\\v',
};

/**
 * What gets escaped besides quotes and backslashes: control and format characters (including the
 * bidirectional overrides of "Trojan Source"), line and paragraph separators, spaces other than
 * the ASCII space, and lone surrogates (which UTF-8 cannot hold). Other non-ASCII text stays as it is.
 */
const NEEDS_ESCAPE = /[\\'"\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Zs}\ud800-\udfff]/gu;

/**
 * `value` as a string literal: single-quoted, unless it holds more single quotes than double
 * quotes (SQL text often does), then double-quoted, as prettier chooses.
 */
export function quote(value: string, q: "'" | '"' = quoteFor(value)): string {
  const escaped = value.replace(NEEDS_ESCAPE, (ch) => {
    if (ch === ' ') return ch;
    if (ch === "'" || ch === '"') return ch === q ? `\\${ch}` : ch;
    return SIMPLE_ESCAPES[ch] ?? codePointEscape(ch);
  });
  return q + escaped + q;
}

function quoteFor(value: string): "'" | '"' {
  const singles = value.split("'").length - 1;
  const doubles = value.split('"').length - 1;
  return singles > doubles ? '"' : "'";
}

function codePointEscape(ch: string): string {
  const code = ch.codePointAt(0)!;
  const hex = code.toString(16);
  if (code < 0x100) return `\\x${hex.padStart(2, '0')}`;
  if (code <= 0xffff) return `\\u${hex.padStart(4, '0')}`;
  return `\\u{${hex}}`;
}

/** A string literal that, when too long for its line, breaks after each newline it holds. */
export function stringDoc(value: string): Doc {
  const lines = value.split(/(?<=\n)/);
  const q = quoteFor(value);
  return { kind: 'string', literal: quote(value, q), parts: lines.length > 1 ? lines.map((line) => quote(line, q)) : [] };
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * An object key: bare when it is a plain identifier, quoted otherwise. `__proto__` is written as
 * a computed key: in an object literal, `__proto__: x` and `'__proto__': x` set the prototype
 * instead of adding a property.
 */
export function propertyKey(name: string): string {
  if (name === '__proto__') return `[${quote(name)}]`;
  return IDENTIFIER.test(name) ? name : quote(name);
}

/** A number literal (`-0`, `NaN` and the infinities included). */
export function numberLiteral(value: number): string {
  if (Object.is(value, -0)) return '-0';
  return String(value);
}

/**
 * Any plain value as a literal doc: null, undefined, booleans, numbers, bigints, strings, arrays,
 * plain objects (keys in their order), `Date`, `Buffer` and `Uint8Array`. Anything else (functions,
 * class instances, symbols, cycles) cannot be written as code and is an error naming `where`.
 */
export function valueDoc(value: unknown, where: string, seen: readonly object[] = []): Doc {
  switch (typeof value) {
    case 'string':
      return stringDoc(value);
    case 'number':
      return text(numberLiteral(value));
    case 'boolean':
      return text(String(value));
    case 'bigint':
      return text(`${value}n`);
    case 'undefined':
      return text('undefined');
    case 'object': {
      if (value === null) return text('null');
      if (seen.includes(value)) throw unrenderable(where, 'a value that contains itself');
      const inner = [...seen, value];
      if (Array.isArray(value)) return array(value.map((item) => valueDoc(item, where, inner)));
      // tags and prototypes rather than instanceof: rows may come from another realm (vm, workers)
      const tag = Object.prototype.toString.call(value);
      if (tag === '[object Date]') {
        const time = Date.prototype.getTime.call(value);
        return text(Number.isNaN(time) ? 'new Date(NaN)' : `new Date(${quote(new Date(time).toISOString())})`);
      }
      if (tag === '[object Uint8Array]') {
        const bytes = Array.from(value as Uint8Array, String).join(', ');
        return text(typeof Buffer !== 'undefined' && Buffer.isBuffer(value) ? `Buffer.from([${bytes}])` : `new Uint8Array([${bytes}])`);
      }
      const proto: unknown = Object.getPrototypeOf(value);
      // a plain object's prototype is null or some realm's Object.prototype (whose own prototype is null)
      if (proto !== null && Object.getPrototypeOf(proto) !== null) {
        throw unrenderable(where, `an instance of ${(value as object).constructor?.name ?? 'a class'}`);
      }
      return object(Object.entries(value).map(([key, item]) => property(propertyKey(key), valueDoc(item, where, inner))));
    }
    default:
      throw unrenderable(where, `a ${typeof value}`);
  }
}

function unrenderable(where: string, what: string): UserError {
  return new UserError(`Cannot write ${where} as code: it holds ${what}`, {
    hint: 'use plain values (strings, numbers, booleans, null, dates, arrays, plain objects)',
  });
}

/**
 * A small document model for rendered code and the printer that lays it out: each call, object
 * or array goes on one line when it fits the width, otherwise it breaks the way prettier roughly
 * would (one item per line, trailing commas, 2-space indentation, trailing object arguments
 * "hugged": `op.createTable('t', {` ... `}, {` ... `});`). Pure and deterministic.
 */

export type Doc =
  /** Atomic text, never broken. */
  | { readonly kind: 'text'; readonly text: string }
  /** A string literal; when it does not fit, its `parts` (one per source line) are joined by `+`. */
  | { readonly kind: 'string'; readonly literal: string; readonly parts: readonly string[] }
  /** `{ ... }` of properties or `[ ... ]` of values; `breakAlways` puts each item on its own line. */
  | { readonly kind: 'list'; readonly bracket: '{' | '['; readonly items: readonly Doc[]; readonly breakAlways?: boolean }
  | { readonly kind: 'property'; readonly key: string; readonly value: Doc }
  /** A doc followed by fixed text, e.g. ` as const`. */
  | { readonly kind: 'suffixed'; readonly doc: Doc; readonly suffix: string }
  | { readonly kind: 'call'; readonly callee: string; readonly args: readonly Doc[] };

export const text = (value: string): Doc => ({ kind: 'text', text: value });
export const object = (items: readonly Doc[], breakAlways = false): Doc => ({ kind: 'list', bracket: '{', items, breakAlways });
export const array = (items: readonly Doc[]): Doc => ({ kind: 'list', bracket: '[', items });
export const property = (key: string, value: Doc): Doc => ({ kind: 'property', key, value });
export const suffixed = (doc: Doc, suffix: string): Doc => ({ kind: 'suffixed', doc, suffix });
export const call = (callee: string, args: readonly Doc[]): Doc => ({ kind: 'call', callee, args });

/** The one-line form of a doc, or null when something inside must break. */
export function flat(doc: Doc): string | null {
  switch (doc.kind) {
    case 'text':
      return doc.text;
    case 'string':
      return doc.literal;
    case 'property': {
      const value = flat(doc.value);
      return value === null ? null : `${doc.key}: ${value}`;
    }
    case 'suffixed': {
      const inner = flat(doc.doc);
      return inner === null ? null : inner + doc.suffix;
    }
    case 'list': {
      if (doc.items.length === 0) return doc.bracket === '{' ? '{}' : '[]';
      if (doc.breakAlways) return null;
      const items = flatAll(doc.items);
      if (items === null) return null;
      return doc.bracket === '{' ? `{ ${items.join(', ')} }` : `[${items.join(', ')}]`;
    }
    case 'call': {
      const args = flatAll(doc.args);
      return args === null ? null : `${doc.callee}(${args.join(', ')})`;
    }
  }
}

function flatAll(docs: readonly Doc[]): string[] | null {
  const out: string[] = [];
  for (const doc of docs) {
    const f = flat(doc);
    if (f === null) return null;
    out.push(f);
  }
  return out;
}

/** Lays `doc` out as a statement starting at column 0, followed by `;`, within `width` columns. */
export function printStatement(doc: Doc, width: number): string {
  return `${new Printer(width).print(doc, 0, 0, 1)};`;
}

class Printer {
  constructor(private readonly width: number) {}

  /**
   * `doc` starting at `column` on a line indented by `indent`, with `trailing` characters to
   * follow it on its last line.
   */
  print(doc: Doc, indent: number, column: number, trailing: number): string {
    const oneLine = flat(doc);
    if (oneLine !== null && column + oneLine.length + trailing <= this.width) return oneLine;
    switch (doc.kind) {
      case 'text':
        return doc.text;
      case 'string':
        if (doc.parts.length < 2) return doc.literal;
        // continuation lines indented once more, as prettier does for a broken binary expression
        return doc.parts.map((part, i) => (i === 0 ? part : pad(indent + 2) + part) + (i < doc.parts.length - 1 ? ' +' : '')).join('\n');
      case 'property':
        return `${doc.key}: ${this.print(doc.value, indent, column + doc.key.length + 2, trailing)}`;
      case 'suffixed':
        return this.print(doc.doc, indent, column, trailing + doc.suffix.length) + doc.suffix;
      case 'list': {
        if (doc.items.length === 0) return doc.bracket === '{' ? '{}' : '[]';
        const inner = doc.items.map((item) => pad(indent + 2) + this.print(item, indent + 2, indent + 2, 1) + ',');
        return `${doc.bracket}\n${inner.join('\n')}\n${pad(indent)}${doc.bracket === '{' ? '}' : ']'}`;
      }
      case 'call':
        return this.hugged(doc, indent, column, trailing) ?? this.brokenCall(doc, indent);
    }
  }

  /**
   * `f(a, b, {` ... `}, {` ... `})`: when every argument from the first object or array on is an
   * object or array and the leading arguments fit on the first line.
   */
  private hugged(doc: Extract<Doc, { kind: 'call' }>, indent: number, column: number, trailing: number): string | null {
    const first = doc.args.findIndex((arg) => arg.kind === 'list');
    if (first < 0 || !doc.args.slice(first).every((arg) => arg.kind === 'list')) return null;
    const leading = flatAll(doc.args.slice(0, first));
    if (leading === null) return null;
    let out = `${doc.callee}(${leading.map((arg) => `${arg}, `).join('')}`;
    if (column + out.length + 1 > this.width) return null;
    let col = column + out.length;
    const rest = doc.args.slice(first);
    for (const [i, arg] of rest.entries()) {
      const last = i === rest.length - 1;
      const printed = this.print(arg, indent, col, last ? trailing + 1 : 2) + (last ? ')' : ', ');
      const newline = printed.lastIndexOf('\n');
      if (newline >= 0 && !hugsWell(rest, i)) return null;
      out += printed;
      col = newline < 0 ? col + printed.length : printed.length - newline - 1;
    }
    return out;
  }

  private brokenCall(doc: Extract<Doc, { kind: 'call' }>, indent: number): string {
    const args = doc.args.map((arg) => pad(indent + 2) + this.print(arg, indent + 2, indent + 2, 1) + ',');
    return `${doc.callee}(\n${args.join('\n')}\n${pad(indent)})`;
  }
}

function pad(n: number): string {
  return ' '.repeat(n);
}

/**
 * Whether argument `i` of a call's trailing lists may break in the hugged layout: one that always
 * breaks (the columns of a table) may; otherwise only the last, and not right after a flat list
 * of the same bracket (`f(a, { x }, {` reads badly; prettier breaks every argument then).
 */
function hugsWell(lists: readonly Doc[], i: number): boolean {
  const arg = lists[i]!;
  if (arg.kind === 'list' && arg.breakAlways) return true;
  if (i !== lists.length - 1) return false;
  const previous = lists[i - 1];
  return !(previous?.kind === 'list' && arg.kind === 'list' && previous.bracket === arg.bracket && !previous.breakAlways);
}

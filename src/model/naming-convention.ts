import { UserError } from '../util/errors.js';
import { shortHash, utf8Length } from '../util/short-hash.js';

/** The kinds of object a naming convention names: index, unique, check, foreign key, primary key. */
export type NamingKey = 'ix' | 'uq' | 'ck' | 'fk' | 'pk';

/** What a convention template (or function) is given for one object. */
export interface NamingContext {
  readonly kind: NamingKey;
  readonly table: string;
  /** Column names; an expression element of an index appears as its text made identifier-safe. */
  readonly columns: readonly string[];
  /** Foreign keys: the referenced table and columns. */
  readonly referredTable?: string;
  readonly referredColumns?: readonly string[];
  /** Check constraints: a short stable hash of the expression. */
  readonly constraintName?: string;
}

/**
 * A template with Alembic's tokens (`'fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s'`)
 * or a function of the context; `null` leaves such objects unnamed (the database names them).
 */
export type NamingTemplate = string | ((context: NamingContext) => string) | null;

export type NamingConvention = { readonly [K in NamingKey]: NamingTemplate };

/** What `defineMetadata({ namingConvention })` accepts: keys override the default; `false` turns it off. */
export type NamingConventionInput = Partial<NamingConvention> | false;

/**
 * Alembic's recommended convention, on by default:
 * `ix_users_email`, `uq_users_email`, `ck_users_1a2b3c4d`, `fk_posts_user_id_users`, `pk_users`.
 */
export const DEFAULT_NAMING_CONVENTION: NamingConvention = Object.freeze({
  ix: 'ix_%(column_0_label)s',
  uq: 'uq_%(table_name)s_%(column_0_name)s',
  ck: 'ck_%(table_name)s_%(constraint_name)s',
  fk: 'fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s',
  pk: 'pk_%(table_name)s',
});

/** PostgreSQL's limit on identifiers, in bytes; longer generated names are shortened to fit. */
export const MAX_IDENTIFIER_BYTES = 63;

type TokenValue = (ctx: NamingContext) => string | undefined;

const joined = (names: readonly string[] | undefined, sep: string) => (names && names.length > 0 ? names.join(sep) : undefined);
const labels = (ctx: NamingContext) => ctx.columns.map((c) => `${ctx.table}_${c}`);

/** Alembic's tokens (`column_0N_name` joins all columns, `column_0_N_name` joins them with `_`). */
const TOKENS: Readonly<Record<string, TokenValue>> = {
  table_name: (ctx) => ctx.table,
  column_0_name: (ctx) => ctx.columns[0],
  column_0_label: (ctx) => labels(ctx)[0],
  column_0N_name: (ctx) => joined(ctx.columns, ''),
  column_0_N_name: (ctx) => joined(ctx.columns, '_'),
  column_0N_label: (ctx) => joined(labels(ctx), ''),
  column_0_N_label: (ctx) => joined(labels(ctx), '_'),
  referred_table_name: (ctx) => ctx.referredTable,
  referred_column_0_name: (ctx) => ctx.referredColumns?.[0],
  referred_column_0N_name: (ctx) => joined(ctx.referredColumns, ''),
  referred_column_0_N_name: (ctx) => joined(ctx.referredColumns, '_'),
  constraint_name: (ctx) => ctx.constraintName,
};

const TOKEN_PATTERN = /%\((\w+)\)s/g;
const ONLY_FK = new Set(['referred_table_name', 'referred_column_0_name', 'referred_column_0N_name', 'referred_column_0_N_name']);

/** Merges the user's convention over the default and checks every template's tokens. */
export function resolveNamingConvention(input: NamingConventionInput | undefined): NamingConvention {
  if (input === false) return Object.freeze({ ix: null, uq: null, ck: null, fk: null, pk: null });
  const merged = { ...DEFAULT_NAMING_CONVENTION, ...(input ?? {}) };
  for (const key of Object.keys(merged)) {
    if (!Object.hasOwn(DEFAULT_NAMING_CONVENTION, key)) {
      throw new UserError(`Unknown naming convention key ${JSON.stringify(key)}`, { hint: 'use ix, uq, ck, fk or pk' });
    }
    const template = merged[key as NamingKey];
    if (typeof template === 'string') checkTemplate(key as NamingKey, template);
    else if (template !== null && typeof template !== 'function') {
      throw new UserError(`Naming convention ${key} must be a template string, a function or null`);
    }
  }
  return Object.freeze(merged);
}

function checkTemplate(key: NamingKey, template: string): void {
  for (const [, token] of template.matchAll(TOKEN_PATTERN)) {
    const known = Object.hasOwn(TOKENS, token!);
    const fits = known && (!ONLY_FK.has(token!) || key === 'fk') && (token !== 'constraint_name' || key === 'ck');
    if (!fits) {
      const why = known ? `${key} objects do not have` : 'is not a token';
      throw new UserError(`Naming convention ${key} uses %(${token})s, which ${why}`, {
        hint: `tokens: ${Object.keys(TOKENS).join(', ')} (referred_* for fk only, constraint_name for ck only)`,
      });
    }
  }
}

/**
 * The name a convention gives one object, or null when the convention leaves it unnamed.
 * Names longer than 63 bytes are shortened with a hash suffix, so PostgreSQL keeps them whole.
 */
export function conventionName(convention: NamingConvention, context: NamingContext): string | null {
  const template = convention[context.kind];
  if (template === null) return null;
  const name =
    typeof template === 'function'
      ? template(context)
      : template.replace(TOKEN_PATTERN, (_, token: string) => {
          const value = Object.hasOwn(TOKENS, token) ? TOKENS[token]!(context) : undefined;
          if (value === undefined) {
            throw new UserError(`Naming convention ${context.kind} cannot name an object of table ${context.table}: it has no ${token}`);
          }
          return value;
        });
  if (typeof name !== 'string' || name === '') {
    throw new UserError(`Naming convention ${context.kind} gave no name for an object of table ${context.table}`);
  }
  return truncateIdentifier(name);
}

/**
 * `name` when it fits in `maxBytes` UTF-8 bytes; otherwise its longest prefix that leaves room
 * for `_` and an 8-digit hash of the whole name (so two long names stay distinct).
 * @example truncateIdentifier('ix_' + 'a'.repeat(70)) // 'ix_aaa…a_3f1c9a0b' (63 bytes)
 */
export function truncateIdentifier(name: string, maxBytes = MAX_IDENTIFIER_BYTES): string {
  if (utf8Length(name) <= maxBytes) return name;
  const suffix = `_${shortHash(name)}`;
  let prefix = '';
  for (const char of name) {
    if (utf8Length(prefix + char) + suffix.length > maxBytes) break;
    prefix += char;
  }
  return prefix + suffix;
}

/** How an expression element of an index appears in a name: `lower(email)` -> `lower_email`. */
export function expressionLabel(expression: string): string {
  const label = expression.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  return label === '' ? shortHash(expression) : label;
}

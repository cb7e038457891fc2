import type { AddEnumValueOp, CreateEnumOp, DropEnumOp, RenameEnumValueOp, ReplaceEnumValuesOp } from '../../ops/ops.js';
import { UserError } from '../../util/errors.js';
import { postgresLiteral } from './postgres-literal.js';
import { postgresTypeName } from './postgres-types.js';

/**
 * The enum ops on PostgreSQL. Values are inlined as literals (these statements take no
 * parameters), so online and offline runs send the same text.
 */

const list = (values: readonly string[]) => values.map(postgresLiteral).join(', ');

export function compileCreateEnum(op: CreateEnumOp): string[] {
  return [`create type ${postgresTypeName(op.name, op.schema)} as enum (${list(op.values)})`];
}

export function compileDropEnum(op: DropEnumOp): string[] {
  return [`drop type ${postgresTypeName(op.name, op.schema)}`];
}

/**
 * `IF NOT EXISTS`: inside `op.autocommitBlock` the value stays when something later fails, and
 * running the revision again must not trip over it.
 */
export function compileAddEnumValue(op: AddEnumValueOp): string[] {
  if (op.before !== undefined && op.after !== undefined) {
    throw new UserError(`addEnumValue ${op.name} '${op.value}' gives both before and after`, { hint: 'give one of them' });
  }
  const place = op.before !== undefined ? ` before ${postgresLiteral(op.before)}` : op.after !== undefined ? ` after ${postgresLiteral(op.after)}` : '';
  return [`alter type ${postgresTypeName(op.name, op.schema)} add value if not exists ${postgresLiteral(op.value)}${place}`];
}

export function compileRenameEnumValue(op: RenameEnumValueOp): string[] {
  return [`alter type ${postgresTypeName(op.name, op.schema)} rename value ${postgresLiteral(op.from)} to ${postgresLiteral(op.to)}`];
}

/** PostgreSQL's limit on identifiers (NAMEDATALEN - 1 bytes). */
const MAX_IDENTIFIER = 63;

/** The temporary name of the type being built: `<name>__new`, shortened to fit an identifier. */
export function replacementTypeName(name: string): string {
  let base = name;
  while (Buffer.byteLength(`${base}__new`) > MAX_IDENTIFIER) base = base.slice(0, -1);
  return `${base}__new`;
}

/**
 * The create-new-type / convert / drop / rename pattern, as one `DO` block so that it needs to
 * know nothing about the database in advance (the same text online and in `--sql` output): the
 * columns using the type are found when it runs (every table, partitioned tables through their
 * parent, inherited columns through theirs), each is checked for values that go away (a clear
 * error naming the column and the value), its default is set aside, the column is converted
 * through its text form, the old type dropped, the new one given the name, and the defaults set
 * again (their text names the type by name, so it now means the new one). Views, arrays of the
 * type and functions taking it make PostgreSQL refuse, loudly.
 */
export function compileReplaceEnumValues(op: ReplaceEnumValuesOp): string[] {
  const oldType = postgresTypeName(op.name, op.schema);
  const tempName = replacementTypeName(op.name);
  const newType = postgresTypeName(tempName, op.schema);
  // Text that goes into format() strings: a % in a name must stay itself.
  const fmt = (text: string) => text.replace(/%/g, '%%');
  const values = op.values.length === 0 ? 'array[]::text[]' : `array[${list(op.values)}]::text[]`;
  const body = `
DECLARE
  old_type regtype := ${postgresLiteral(oldType)}::regtype;
  wanted text[] := ${values};
  c record;
  bad text;
  drops text[] := '{}';
  converts text[] := '{}';
  restores text[] := '{}';
  s text;
BEGIN
  CREATE TYPE ${newType} AS ENUM (${list(op.values)});
  FOR c IN
    SELECT a.attrelid::regclass::text AS rel, a.attname AS col, pg_get_expr(d.adbin, d.adrelid) AS def
    FROM pg_attribute a
    JOIN pg_class r ON r.oid = a.attrelid
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE a.atttypid = old_type AND a.attnum > 0 AND NOT a.attisdropped AND a.attinhcount = 0
      AND r.relkind IN ('r', 'p') AND NOT r.relispartition
    ORDER BY 1, 2
  LOOP
    EXECUTE format('SELECT %I::text FROM %s WHERE %I::text <> ALL ($1) LIMIT 1', c.col, c.rel, c.col) INTO bad USING wanted;
    IF bad IS NOT NULL THEN
      RAISE EXCEPTION USING
        MESSAGE = format('cannot remove value %L from enum %s: column %s.%I still holds it', bad, old_type, c.rel, c.col),
        HINT = 'update those rows to a remaining value first (an op.execute(...) before this operation)';
    END IF;
    IF c.def IS NOT NULL THEN
      drops := drops || format('ALTER TABLE %s ALTER COLUMN %I DROP DEFAULT', c.rel, c.col);
      restores := restores || format('ALTER TABLE %s ALTER COLUMN %I SET DEFAULT %s', c.rel, c.col, c.def);
    END IF;
    converts := converts || format(${postgresLiteral(`ALTER TABLE %s ALTER COLUMN %I TYPE ${fmt(newType)} USING %I::text::${fmt(newType)}`)}, c.rel, c.col, c.col);
  END LOOP;
  FOREACH s IN ARRAY drops LOOP EXECUTE s; END LOOP;
  FOREACH s IN ARRAY converts LOOP EXECUTE s; END LOOP;
  DROP TYPE ${oldType};
  ALTER TYPE ${newType} RENAME TO ${postgresTypeName(op.name)};
  FOREACH s IN ARRAY restores LOOP EXECUTE s; END LOOP;
END`;
  let tag = '$orm$';
  for (let n = 0; body.includes(tag); n += 1) tag = `$orm${n}$`;
  return [`DO ${tag}${body}\n${tag}`];
}

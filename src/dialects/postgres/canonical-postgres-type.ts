import type { ColumnType } from '../../schema/column-type.js';

/**
 * One spelling per PostgreSQL type, by text rules: the portable kind where introspection would
 * read one (`int4`, `int`, `integer` are all `integer`; `jsonb` is the portable `json`;
 * `numeric(8)` is `numeric(8,0)`), otherwise the text `format_type` prints (`char(3)` is
 * `character(3)`, `timestamptz(3)` is `timestamp(3) with time zone`, `int[]` is `integer[]`).
 * `serial` types are their integer type with `autoincrement`, as introspection reads them.
 */
export interface CanonicalPostgresType {
  readonly type: ColumnType;
  /** True for `serial`, `bigserial`, `smallserial`. */
  readonly serial: boolean;
}

const PORTABLE: Readonly<Record<string, ColumnType>> = {
  int: { kind: 'integer' },
  int4: { kind: 'integer' },
  integer: { kind: 'integer' },
  int8: { kind: 'bigint' },
  bigint: { kind: 'bigint' },
  int2: { kind: 'smallint' },
  smallint: { kind: 'smallint' },
  text: { kind: 'text' },
  bool: { kind: 'boolean' },
  boolean: { kind: 'boolean' },
  date: { kind: 'date' },
  time: { kind: 'time' },
  'time without time zone': { kind: 'time' },
  timestamp: { kind: 'timestamp', withTimeZone: false },
  'timestamp without time zone': { kind: 'timestamp', withTimeZone: false },
  timestamptz: { kind: 'timestamp', withTimeZone: true },
  'timestamp with time zone': { kind: 'timestamp', withTimeZone: true },
  float4: { kind: 'real' },
  real: { kind: 'real' },
  float8: { kind: 'double' },
  float: { kind: 'double' },
  'double precision': { kind: 'double' },
  jsonb: { kind: 'json' },
  uuid: { kind: 'uuid' },
  bytea: { kind: 'blob' },
  varchar: { kind: 'varchar' },
  'character varying': { kind: 'varchar' },
  numeric: { kind: 'numeric' },
  decimal: { kind: 'numeric' },
};

const SERIAL: Readonly<Record<string, ColumnType>> = {
  serial: { kind: 'integer' },
  serial4: { kind: 'integer' },
  bigserial: { kind: 'bigint' },
  serial8: { kind: 'bigint' },
  smallserial: { kind: 'smallint' },
  serial2: { kind: 'smallint' },
};

/** Names `format_type` prints instead of an alias, for types without a portable kind. */
const PRINTED: Readonly<Record<string, string>> = {
  bpchar: 'character',
  char: 'character',
  timetz: 'time with time zone',
  varbit: 'bit varying',
  int: 'integer',
  int4: 'integer',
  int8: 'bigint',
  int2: 'smallint',
  bool: 'boolean',
  float4: 'real',
  float8: 'double precision',
  float: 'double precision',
  varchar: 'character varying',
  decimal: 'numeric',
  timestamp: 'timestamp without time zone',
  timestamptz: 'timestamp with time zone',
  time: 'time without time zone',
};

/** The canonical form of a type (portable, or raw in `format_type` spelling). */
export function canonicalPostgresType(type: ColumnType): CanonicalPostgresType {
  if (type.kind === 'numeric' && type.precision !== undefined && type.scale === undefined) {
    return { type: { kind: 'numeric', precision: type.precision, scale: 0 }, serial: false };
  }
  if (type.kind !== 'raw') return { type, serial: false };
  // Quoted names (user types) keep their case and spelling.
  if (type.sql.includes('"')) return { type: { kind: 'raw', sql: type.sql.trim() }, serial: false };
  const text = type.sql.trim().toLowerCase().replace(/\s+/g, ' ').replace(/\s*([(),[\]])\s*/g, '$1');
  const serial = SERIAL[text];
  if (serial) return { type: serial, serial: true };
  const m = /^([a-z_][a-z0-9_ .]*?)(?:\(([^)]*)\))?((?: ?with(?:out)? time zone)?)((?:\[\d*\])*)$/.exec(text);
  if (!m) return { type: { kind: 'raw', sql: text }, serial: false };
  const [, base, args, rawZone, array] = m as unknown as [string, string, string | undefined, string, string];
  const zone = rawZone === '' ? '' : ` ${rawZone.trim()}`;
  const name = `${base}${zone}`;
  if (array === '') {
    const portable = portableOf(name, args);
    if (portable) return { type: portable, serial: false };
  }
  return { type: { kind: 'raw', sql: printed(base, args, zone) + array.replace(/\[\d+\]/g, '[]') }, serial: false };
}

function portableOf(name: string, args: string | undefined): ColumnType | null {
  const portable = PORTABLE[name];
  if (!portable) return null;
  if (args === undefined) return portable.kind === 'numeric' ? { kind: 'numeric' } : portable;
  const nums = args.split(',').map(Number);
  if (nums.some((n) => !Number.isInteger(n))) return null;
  if (portable.kind === 'varchar' && nums.length === 1) return { kind: 'varchar', length: nums[0]! };
  if (portable.kind === 'numeric' && nums.length <= 2) return { kind: 'numeric', precision: nums[0]!, scale: nums[1] ?? 0 };
  // float(p): PostgreSQL reads 1-24 as real, 25-53 as double precision.
  if (name === 'float' && nums.length === 1) return nums[0]! <= 24 ? { kind: 'real' } : { kind: 'double' };
  return null;
}

/** `timestamptz(3)` -> `timestamp(3) with time zone`, `char(3)` -> `character(3)`. */
function printed(base: string, args: string | undefined, zone: string): string {
  const mods = args === undefined ? '' : `(${args})`;
  if (base === 'timestamptz' || base === 'timetz') return `${base.slice(0, -2)}${mods} with time zone`;
  if (base === 'timestamp' || base === 'time') return `${base}${mods}${zone === '' ? ' without time zone' : zone}`;
  if ((base === 'char' || base === 'character' || base === 'bpchar') && args === undefined) return 'character(1)';
  if (base === 'decimal' || base === 'numeric') {
    const parts = (args ?? '').split(',');
    return parts.length === 1 && args !== undefined ? `numeric(${parts[0]},0)` : `numeric${mods}`;
  }
  return `${PRINTED[base] ?? base}${mods}${zone}`;
}

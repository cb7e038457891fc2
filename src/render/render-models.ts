import {
  DEFAULT_NAMING_CONVENTION,
  resolveNamingConvention,
  type NamingConventionInput,
  type NamingKey,
} from '../model/naming-convention.js';
import type { EnumColumnType } from '../schema/column-type.js';
import type { Schema } from '../schema/schema.js';
import { UserError } from '../util/errors.js';
import { detectNamingConvention } from './detect-naming-convention.js';
import { camelIdentifier, quoteString, WIDTH } from './model-source.js';
import { renderModelTable } from './render-model-table.js';
import { cycleGroups, dependencyOrder, tableKey } from './table-order.js';

export interface RenderModelsOptions {
  /** The package the module imports the DSL from. Default `'orm'`. */
  readonly packageName?: string;
  /**
   * The naming convention the module declares: `'detect'` (default) picks, kind by kind, the
   * one most of the schema's names follow (the default, PostgreSQL's own `users_pkey` style, or
   * none); or give one (templates and `null`s only, functions cannot be written out).
   */
  readonly namingConvention?: 'detect' | NamingConventionInput;
  /** A comment for the top of the file, e.g. where it came from. */
  readonly header?: string;
}

/** Names the module imports or declares, which no table variable may take. */
const TAKEN = new Set([
  'bigint', 'blob', 'boolean', 'date', 'double', 'integer', 'json', 'numeric', 'raw', 'real', 'smallint', 'text', 'time',
  'timestamp', 'timestamptz', 'uuid', 'varchar', 'index', 'sql', 'defineTable', 'defineMetadata', 'metadata', 't',
  'enumType', 'enumColumn',
]);

/**
 * The source of a models module describing `schema` in the model DSL (what `orm pull` writes).
 * Stable (the same schema gives the same text), formatted (2 spaces, single quotes, trailing
 * commas), importing only what it uses; tables in dependency order (referenced tables first,
 * then by name), references as thunks (`() => users.columns.id`) or, inside a cycle of
 * foreign keys, as strings (`'users.id'`); names written only where the convention would give
 * another. Loading the module gives `schema` back: `toSchema(metadata)` equals it.
 * @example await writeFile('src/models.ts', renderModels(await introspect(db)));
 */
export function renderModels(schema: Schema, options: RenderModelsOptions = {}): string {
  const input = options.namingConvention ?? 'detect';
  const declared: Partial<Record<NamingKey, unknown>> | false = input === 'detect' ? detectNamingConvention(schema) : input;
  const convention = resolveNamingConvention(declared === false ? false : (declared as NamingConventionInput));

  const tables = dependencyOrder(schema.tables);
  const key = (name: string, schema: string | null | undefined) => tableKey({ name, schema });
  const variables = new Map<string, string>();
  const usedNames = new Set(TAKEN);
  for (const t of tables) {
    const base = camelIdentifier(t.name) ?? 'table';
    const qualified = t.schema ? camelIdentifier(`${t.schema}_${t.name}`) : null;
    let name = [base, qualified, `${base}Table`].find((n): n is string => !!n && !usedNames.has(n)) ?? base;
    for (let i = 2; usedNames.has(name); i++) name = `${base}${i}`;
    usedNames.add(name);
    variables.set(key(t.name, t.schema), name);
  }
  const cycles = cycleGroups(tables);

  const imports = new Set<string>(['defineMetadata']);
  const enums = planEnums(schema, usedNames);
  if (enums.list.length > 0) imports.add('enumType');
  const blocks = tables.map((t) =>
    renderModelTable(t, variables.get(key(t.name, t.schema))!, {
      convention,
      enumVariable: enums.variableOf,
      use: (name) => imports.add(name),
      thunkTarget: (refTable, refSchema) => {
        const target = key(refTable, refSchema);
        const sameCycle = cycles.get(target) !== undefined && cycles.get(target) === cycles.get(key(t.name, t.schema));
        return sameCycle ? null : variables.get(target) ?? null;
      },
    }),
  );

  const names = tables.map((t) => variables.get(key(t.name, t.schema))!);
  const tableList = `{ ${names.join(', ')} }`;
  const tablesLine =
    names.length === 0 || tableList.length + 10 <= WIDTH
      ? `  tables: ${names.length === 0 ? '{}' : tableList},`
      : `  tables: {\n${names.map((n) => `    ${n},`).join('\n')}\n  },`;
  const unused = enums.list.filter((e) => !e.used).map((e) => e.variable);
  const enumsLine = unused.length === 0 ? [] : [`  enums: [${unused.join(', ')}],`];
  const metadataLines = [tablesLine, ...enumsLine, ...renderConvention(declared)];

  const packageName = options.packageName ?? 'orm';
  const sortedImports = [...imports].sort();
  const from = quoteString(packageName);
  const oneLine = `import { ${sortedImports.join(', ')} } from ${from};`;
  const importLine = oneLine.length <= WIDTH ? oneLine : `import {\n${sortedImports.map((n) => `  ${n},`).join('\n')}\n} from ${from};`;
  const header = options.header ? `${options.header.split('\n').map((l) => `// ${l}`.trimEnd()).join('\n')}\n` : '';
  return [
    `${header}${importLine}\n`,
    ...(enums.list.length > 0 ? [`${enums.list.map((e) => e.source).join('\n')}\n`] : []),
    ...blocks,
    `export const metadata = defineMetadata({\n${metadataLines.join('\n')}\n});\n`,
  ].join('\n');
}

interface PlannedEnum {
  readonly variable: string;
  readonly source: string;
  /** Some column uses it (otherwise the metadata lists it in `enums`). */
  used: boolean;
}

/**
 * The enum types of the schema (those it lists and those its columns name), each an
 * `export const x = enumType(...)` the columns use with `x.column()`. Two types of one name but
 * different values (SQLite, where the name is only a CHECK's) get distinct names.
 */
function planEnums(schema: Schema, usedNames: Set<string>): { list: PlannedEnum[]; variableOf: (type: EnumColumnType) => string | null } {
  const byKey = new Map<string, PlannedEnum>();
  const names = new Set<string>();
  const list: PlannedEnum[] = [];
  const keyOf = (e: { name: string; schema?: string | null; values: readonly string[] }) =>
    JSON.stringify([e.schema ?? null, e.name, e.values]);
  const add = (e: { name: string; schema?: string | null; values: readonly string[] }, used: boolean) => {
    const found = byKey.get(keyOf(e));
    if (found) {
      found.used ||= used;
      return;
    }
    let name = e.name;
    for (let i = 2; names.has(JSON.stringify([e.schema ?? null, name])); i++) name = `${e.name}_${i}`;
    names.add(JSON.stringify([e.schema ?? null, name]));
    const base = camelIdentifier(name) ?? 'enumType';
    let variable = [base, `${base}Enum`].find((n) => !usedNames.has(n)) ?? base;
    for (let i = 2; usedNames.has(variable); i++) variable = `${base}${i}`;
    usedNames.add(variable);
    const options = e.schema ? `, { schema: ${quoteString(e.schema)} }` : '';
    const one = `export const ${variable} = enumType(${quoteString(name)}, [${e.values.map(quoteString).join(', ')}]${options});`;
    const source =
      one.length <= WIDTH
        ? one
        : `export const ${variable} = enumType(\n  ${quoteString(name)},\n  [\n${e.values.map((v) => `    ${quoteString(v)},`).join('\n')}\n  ],\n${options ? `  { schema: ${quoteString(e.schema!)} },\n` : ''});`;
    const planned: PlannedEnum = { variable, source, used };
    byKey.set(keyOf(e), planned);
    list.push(planned);
  };
  for (const e of schema.enums ?? []) add(e, false);
  for (const t of schema.tables) for (const c of t.columns) if (c.type.kind === 'enum') add(c.type, true);
  return { list, variableOf: (type) => byKey.get(keyOf(type))?.variable ?? null };
}

/** The `namingConvention` entry of the metadata: only the keys that differ from the default. */
function renderConvention(declared: Partial<Record<NamingKey, unknown>> | false): string[] {
  if (declared === false) return ['  namingConvention: false,'];
  const keys = (Object.keys(DEFAULT_NAMING_CONVENTION) as NamingKey[]).filter(
    (k) => k in declared && declared[k] !== DEFAULT_NAMING_CONVENTION[k],
  );
  if (keys.length === 0) return [];
  const entries = keys.map((k) => {
    const v = declared[k];
    if (v !== null && typeof v !== 'string') {
      throw new UserError(`renderModels cannot write a function as the ${k} naming convention: only templates and null`);
    }
    return `    ${k}: ${v === null ? 'null' : quoteString(v)},`;
  });
  return ['  namingConvention: {', ...entries, '  },'];
}

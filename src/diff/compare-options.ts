import type { DatabaseForms, Dialect } from '../dialects/dialect.js';
import type { ColumnType } from '../schema/column-type.js';
import type {
  CheckConstraint,
  Column,
  ForeignKey,
  Index,
  PrimaryKey,
  ServerDefault,
  Table,
  UniqueConstraint,
} from '../schema/schema.js';
import { sameData } from './match-objects.js';
import type { Pair } from './paired-schema.js';
import type { Rename } from './renames.js';

/** The kinds of object `includeObject` is asked about (Alembic's names). */
export type ObjectType =
  | 'table'
  | 'column'
  | 'index'
  | 'unique_constraint'
  | 'foreign_key_constraint'
  | 'check_constraint'
  | 'primary_key';

/** Any object the differ compares. */
export type SchemaObject = Table | Column | Index | UniqueConstraint | ForeignKey | CheckConstraint | PrimaryKey;

/** Where an object lives: its table (null for a table itself) and the table's schema. */
export interface ObjectPlace {
  readonly schema: string | null;
  readonly table: string | null;
}

/**
 * Alembic's `include_object(object, name, type_, reflected, compare_to)`: `object` is the
 * target's object when the target has one (`reflected` false, `compareTo` the live one or null),
 * otherwise the live one (`reflected` true, `compareTo` null). Return false to leave the object
 * alone: no op creates, drops or changes it. `place` is ours: the table it belongs to.
 */
export type IncludeObject = (
  object: SchemaObject,
  name: string | null,
  type: ObjectType,
  reflected: boolean,
  compareTo: SchemaObject | null,
  place: ObjectPlace,
) => boolean;

/**
 * Decides whether two columns' types differ: true or false, or null/undefined to use the
 * normalized comparison. Gets the objects as given (not normalized).
 */
export type CompareTypeFn = (
  place: ObjectPlace,
  liveColumn: Column,
  targetColumn: Column,
  liveType: ColumnType,
  targetType: ColumnType,
) => boolean | null | undefined;

/** As `CompareTypeFn`, for server defaults (null: no default). */
export type CompareServerDefaultFn = (
  place: ObjectPlace,
  liveColumn: Column,
  targetColumn: Column,
  liveDefault: ServerDefault | null,
  targetDefault: ServerDefault | null,
) => boolean | null | undefined;

export interface CompareOptions {
  /** The dialect whose rules normalize both sides and whose capabilities shape the ops. */
  readonly dialect: Pick<Dialect, 'name' | 'capabilities' | 'normalizer'>;
  /** How the database prints the target's expressions (`dialect.normalizer.readForms`). */
  readonly forms?: DatabaseForms | null;
  /** The schema unqualified names mean; defaults to `forms.defaultSchema`. */
  readonly defaultSchema?: string | null;
  readonly includeObject?: IncludeObject;
  /** Never created, dropped or changed, on either side. */
  readonly versionTable?: { readonly table: string; readonly schema?: string | null } | null;
  /** Other tables of the tool itself (the applied-revision log): left out like the version table. */
  readonly toolTables?: ReadonlyArray<{ readonly table: string; readonly schema?: string | null }>;
  /** Compare column types (default true). */
  readonly compareType?: boolean | CompareTypeFn;
  /** Compare server defaults (default true: both sides are normalized first). */
  readonly compareServerDefault?: boolean | CompareServerDefaultFn;
  /** Only tables in these schemas are compared (null: the default schema); default: all. */
  readonly schemas?: ReadonlyArray<string | null>;
  /** Told about differences no op can carry (an autoincrement change, an unnamed constraint). */
  readonly onWarning?: (message: string) => void;
  /**
   * Tables and columns renamed (`--rename`), besides the models' `renamedFrom` hints: renamed
   * (rows kept) instead of dropped and added. One that cannot apply is an error; one already
   * applied (the database has the new name only) a warning.
   */
  readonly renames?: ReadonlyArray<Rename>;
}

/** The options of one comparison, resolved into the questions the differ asks. */
export interface DiffContext {
  /** `includeObject` on a pair: the target's object when there is one, else the live one. */
  include(type: ObjectType, live: SchemaObject | null, target: SchemaObject | null, name: string | null, place: ObjectPlace): boolean;
  typeDiffers(place: ObjectPlace, live: Pair<Column>, target: Pair<Column>): boolean;
  defaultDiffers(place: ObjectPlace, live: Pair<Column>, target: Pair<Column>): boolean;
  warn(message: string): void;
  /** Constraints can be added to existing tables without rebuilding them (PostgreSQL). */
  readonly alterConstraints: boolean;
  /** Enum types of their own (PostgreSQL); elsewhere an enum column's values are its type. */
  readonly enumTypes: boolean;
}

/** Builds the context: Alembic's defaults where the options say nothing. */
export function diffContext(options: CompareOptions): DiffContext {
  const compareType = options.compareType ?? true;
  const compareDefault = options.compareServerDefault ?? true;
  return {
    include(type, live, target, name, place) {
      if (!options.includeObject) return true;
      const object = (target ?? live)!;
      return options.includeObject(object, name, type, target === null, target === null ? null : live, place);
    },
    typeDiffers(place, live, target) {
      if (compareType === false) return false;
      const own = compareType === true ? null : compareType(place, live.orig, target.orig, live.orig.type, target.orig.type);
      return own ?? !sameData(live.norm.type, target.norm.type);
    },
    defaultDiffers(place, live, target) {
      if (compareDefault === false) return false;
      const own =
        compareDefault === true
          ? null
          : compareDefault(place, live.orig, target.orig, live.orig.default ?? null, target.orig.default ?? null);
      return own ?? !sameData(live.norm.default, target.norm.default);
    },
    warn: (message) => options.onWarning?.(message),
    alterConstraints: options.dialect.capabilities.alterConstraints,
    enumTypes: options.dialect.capabilities.enumTypes ?? false,
  };
}

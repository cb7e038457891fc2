import type { CompareServerDefaultFn, CompareTypeFn, IncludeObject } from '../diff/compare-options.js';

/**
 * What a user writes in `orm.config.ts`. Paths are relative to the config file's folder.
 */
export interface OrmConfig {
  /** Database URL: `sqlite:./app.db`, `sqlite::memory:`, `postgres://user:pass@host:5432/db`. Default: `DATABASE_URL`. */
  readonly url?: string;
  /** Module exporting the target metadata (`export const metadata` or a default export). Default `./src/models.ts`. */
  readonly models?: string;
  /** Folder holding `script.ts.tmpl` and `versions/`. Default `./migrations`. */
  readonly migrations?: string;
  /**
   * Folders holding revision files (Alembic's `version_locations`): every command reads all of
   * them as one revision graph. Default `[<migrations>/versions]`.
   */
  readonly versionLocations?: readonly string[];
  /** Name of the version table. Default `orm_version`. */
  readonly versionTable?: string;
  /** Schema of the version table (PostgreSQL). Default: the connection's current schema. */
  readonly versionTableSchema?: string;
  /** One transaction per revision (default) or one for the whole run. */
  readonly transactionPerMigration?: boolean;
  /**
   * Autogenerate filter, Alembic's `include_object(object, name, type, reflected, compareTo)`:
   * return false to leave an object alone. The version table is always left alone.
   */
  readonly includeObject?: IncludeObject;
  /** Compare column types in autogenerate (default true), or decide per column. */
  readonly compareType?: boolean | CompareTypeFn;
  /** Compare server defaults in autogenerate (default true), or decide per column. */
  readonly compareServerDefault?: boolean | CompareServerDefaultFn;
}

/** The config file may export the object itself, or a (possibly async) function returning it. */
export type OrmConfigExport = OrmConfig | (() => OrmConfig | Promise<OrmConfig>);

/**
 * Typed helper for `orm.config.ts`:
 *
 * ```ts
 * import { defineConfig } from 'orm';
 * export default defineConfig({ url: 'sqlite:./app.db' });
 * ```
 */
export function defineConfig<T extends OrmConfigExport>(config: T): T {
  return config;
}

/** The config after loading: every path absolute, every default filled in. */
export interface ResolvedConfig {
  /** The config file, or null when none was used. */
  readonly file: string | null;
  /** The folder relative paths are resolved against. */
  readonly baseDir: string;
  readonly url: string | undefined;
  /** Where the URL came from, for messages. */
  readonly urlSource: '--url' | 'config' | 'DATABASE_URL' | 'none';
  readonly models: string;
  readonly migrations: string;
  /** The first of `versionLocations` (where the first revision goes). */
  readonly versionsDir: string;
  /** Every folder revision files are read from (absolute, without repeats; at least one). */
  readonly versionLocations: readonly string[];
  readonly templateFile: string;
  readonly versionTable: string;
  readonly versionTableSchema: string | null;
  readonly transactionPerMigration: boolean;
  /** The autogenerate switches, as given. */
  readonly autogenerate: {
    readonly includeObject?: IncludeObject;
    readonly compareType?: boolean | CompareTypeFn;
    readonly compareServerDefault?: boolean | CompareServerDefaultFn;
  };
}

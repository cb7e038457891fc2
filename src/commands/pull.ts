import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { renderModels } from '../render/render-models.js';
import { versionLogName } from '../runtime/version-log.js';
import type { Schema } from '../schema/schema.js';
import { UserError } from '../util/errors.js';
import { redactUrl } from '../util/redact.js';
import type { CommandContext } from './command-context.js';
import { withDatabase } from './open-database.js';
import { openProject } from './project.js';

export interface PullOptions {
  /** Where to write the models module; default: the config's `models`. */
  readonly out?: string;
  /** Overwrite an existing file. */
  readonly force?: boolean;
  /** PostgreSQL schemas to read besides the default one. */
  readonly schemas?: readonly string[];
}

export interface PullResult {
  readonly path: string;
  readonly tables: string[];
}

/**
 * `orm pull`: writes a models module (in the model DSL) describing the live database, so that
 * an existing database can adopt the tool: pull, then `orm stamp head` once a first revision
 * describes it (or `orm revision --autogenerate` against an empty database). The version table
 * is left out.
 */
export async function pull(ctx: CommandContext, options: PullOptions = {}): Promise<PullResult> {
  const { config } = await openProject(ctx);
  const path = options.out ? resolve(ctx.cwd, options.out) : config.models;
  if (existsSync(path) && !options.force) {
    throw new UserError(`${path} exists already`, { hint: 'pass --force to overwrite it, or --out FILE to write elsewhere' });
  }
  const schema = await withDatabase(config, async (db): Promise<Schema> => {
    const schemas = db.dialect.capabilities.schemas ? [null, ...(options.schemas ?? [])] : undefined;
    const live = await db.dialect.introspect(db.connection.db, schemas ? { schemas } : {});
    // The version table: in its configured schema, which introspection may report as the
    // default one (null) when it is the connection's current schema.
    const logTable = versionLogName({ table: config.versionTable, schema: config.versionTableSchema }).table;
    const isVersionTable = (t: { name: string; schema?: string | null }) =>
      [config.versionTable, logTable].includes(t.name) && [null, config.versionTableSchema].includes(t.schema ?? null);
    return { tables: live.tables.filter((t) => !isVersionTable(t)), ...(live.enums && { enums: live.enums }) };
  });
  const source = renderModels(schema, { header: `Models pulled from ${redactUrl(config.url ?? '')} by orm pull.` });
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, source);
  return { path, tables: schema.tables.map((t) => (t.schema ? `${t.schema}.${t.name}` : t.name)) };
}

import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { loadUserModule } from '../config/module-loader.js';
import type { Schema } from '../schema/schema.js';
import { UserError } from '../util/errors.js';
import { isMetadata, type Metadata } from './define-metadata.js';
import { toSchema } from './to-schema.js';

const EXAMPLE = 'export const metadata = defineMetadata({ tables: { users, posts } })';

/**
 * Loads the user's models module (TypeScript, compiled with esbuild like the config) and gives
 * the schema IR its metadata describes: the target of autogenerate and `check`.
 *
 * The module exports the metadata as `metadata` or as its default export. Every failure is a
 * `UserError` naming the file: missing module, a module that throws, no metadata, and the
 * model errors `toSchema` finds.
 * @example const target = await loadModels(config.models);
 */
export async function loadModels(file: string): Promise<Schema> {
  const metadata = await loadMetadata(file);
  try {
    return toSchema(metadata);
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    throw new UserError(`Models module ${shownPath(file)}: ${err.message}`, { hint: err.hint, cause: err });
  }
}

const shownPath = (file: string) => relative(process.cwd(), resolve(file)) || resolve(file);

/** Loads the models module and returns its metadata (see `loadModels`). */
export async function loadMetadata(file: string): Promise<Metadata> {
  const path = resolve(file);
  const shown = shownPath(file);
  if (!existsSync(path)) {
    throw new UserError(`Models module ${shown} not found`, {
      hint: `set models in orm.config.ts to the module exporting your metadata (${EXAMPLE})`,
    });
  }
  let mod: Record<string, unknown>;
  try {
    mod = await loadUserModule(path);
  } catch (err) {
    // An error of the DSL thrown while the module ran (a bad column, an unknown action) keeps
    // its own hint, which says more than the loader's generic one.
    const cause = err instanceof Error ? err.cause : undefined;
    if (err instanceof UserError && isDslError(cause)) {
      throw new UserError(`Models module ${shown}: ${cause.message}`, { hint: cause.hint, cause });
    }
    throw err;
  }
  const metadata = 'metadata' in mod ? mod.metadata : mod.default;
  if (!isMetadata(metadata)) {
    const which = 'metadata' in mod ? 'metadata' : 'default';
    const found = metadata === undefined ? 'exports no metadata' : `exports a ${which} that is not made by defineMetadata(...)`;
    throw new UserError(`Models module ${shown} ${found}`, { hint: `add ${EXAMPLE}, or export it as the default export` });
  }
  return metadata;
}

/** A UserError, possibly from another copy of this package (the user module's `orm`). */
function isDslError(value: unknown): value is UserError {
  return value instanceof Error && value.name === 'UserError' && 'hint' in value;
}

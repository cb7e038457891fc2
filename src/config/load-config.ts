import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { UserError, errorMessage } from '../util/errors.js';
import { protectUrl } from '../util/redact.js';
import type { OrmConfig, ResolvedConfig } from './config.js';
import { resolveDatabaseUrl } from './database-url.js';

/** Config file names looked for in the working directory, in this order. */
export const CONFIG_FILE_NAMES = ['orm.config.ts', 'orm.config.mts', 'orm.config.js', 'orm.config.mjs', 'orm.config.json'] as const;

export interface LoadConfigOptions {
  readonly cwd: string;
  /** `-c/--config`. */
  readonly configFile?: string;
  /** `--url`, which wins over the config and `DATABASE_URL`. */
  readonly url?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/** The config file to use: the one given, or the first of CONFIG_FILE_NAMES in `cwd`. */
export function findConfigFile(options: LoadConfigOptions): string {
  if (options.configFile) {
    const file = resolve(options.cwd, options.configFile);
    if (!existsSync(file)) {
      throw new UserError(`Config file ${options.configFile} does not exist`, { hint: 'check the path given to -c/--config' });
    }
    return file;
  }
  for (const name of CONFIG_FILE_NAMES) {
    const file = join(options.cwd, name);
    if (existsSync(file)) return file;
  }
  throw new UserError(`No config file found in ${options.cwd} (looked for ${CONFIG_FILE_NAMES.join(', ')})`, {
    hint: 'run `orm init` to create one, or pass -c FILE',
  });
}

async function readConfigFile(file: string): Promise<unknown> {
  if (file.endsWith('.json')) {
    const text = await readFile(file, 'utf8');
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new UserError(`Config file ${file} is not valid JSON: ${errorMessage(err)}`, { hint: 'fix the JSON syntax' });
    }
  }
  const { loadUserModule } = await import('./module-loader.js');
  const mod = await loadUserModule(file);
  let value = mod.default ?? mod.config;
  if (typeof value === 'function') {
    try {
      value = await (value as () => unknown)();
    } catch (err) {
      throw new UserError(`The config function in ${file} threw: ${errorMessage(err)}`, { cause: err });
    }
  }
  return value;
}

const STRING_KEYS = ['url', 'models', 'migrations', 'versionTable', 'versionTableSchema'] as const;
const KNOWN_KEYS = new Set<string>([...STRING_KEYS, 'transactionPerMigration', 'includeObject', 'compareType', 'compareServerDefault', 'versionLocations']);

function validate(value: unknown, file: string): OrmConfig {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UserError(`Config file ${file} does not export a config object`, {
      hint: 'write `export default defineConfig({ url: ... })`',
    });
  }
  const config = value as Record<string, unknown>;
  for (const key of Object.keys(config)) {
    if (!KNOWN_KEYS.has(key)) {
      throw new UserError(`Unknown config key "${key}" in ${file}`, { hint: `known keys: ${[...KNOWN_KEYS].join(', ')}` });
    }
  }
  for (const key of STRING_KEYS) {
    if (config[key] !== undefined && typeof config[key] !== 'string') {
      throw new UserError(`Config key "${key}" in ${file} must be a string`);
    }
  }
  if (config.transactionPerMigration !== undefined && typeof config.transactionPerMigration !== 'boolean') {
    throw new UserError(`Config key "transactionPerMigration" in ${file} must be true or false`);
  }
  if (config.includeObject !== undefined && typeof config.includeObject !== 'function') {
    throw new UserError(`Config key "includeObject" in ${file} must be a function`, {
      hint: 'includeObject(object, name, type, reflected, compareTo) returns false for objects autogenerate must leave alone',
    });
  }
  for (const key of ['compareType', 'compareServerDefault'] as const) {
    const value = config[key];
    if (value !== undefined && typeof value !== 'boolean' && typeof value !== 'function') {
      throw new UserError(`Config key "${key}" in ${file} must be true, false or a function`);
    }
  }
  const locations = config.versionLocations;
  if (
    locations !== undefined &&
    (!Array.isArray(locations) || locations.length === 0 || locations.some((l) => typeof l !== 'string' || l.trim() === ''))
  ) {
    throw new UserError(`Config key "versionLocations" in ${file} must be a non-empty list of folder paths`, {
      hint: "e.g. versionLocations: ['./migrations/versions', './migrations/audit']",
    });
  }
  return config as OrmConfig;
}

/** Finds, loads and resolves the config; `--url` > config `url` > `DATABASE_URL`. */
export async function loadConfig(options: LoadConfigOptions): Promise<ResolvedConfig> {
  const file = findConfigFile(options);
  const config = validate(await readConfigFile(file), file);
  return resolveConfig(config, file, options);
}

/** Fills defaults and makes paths absolute (relative to the config file's folder). */
export function resolveConfig(config: OrmConfig, file: string | null, options: LoadConfigOptions): ResolvedConfig {
  const baseDir = file ? dirname(file) : options.cwd;
  const env = options.env ?? process.env;
  // every candidate URL's password is masked in whatever the process prints from now on
  for (const candidate of [options.url, config.url, env.DATABASE_URL]) protectUrl(candidate);
  let url: string | undefined;
  let urlSource: ResolvedConfig['urlSource'] = 'none';
  if (options.url) {
    url = resolveDatabaseUrl(options.url, options.cwd);
    urlSource = '--url';
  } else if (config.url) {
    url = resolveDatabaseUrl(config.url, baseDir);
    urlSource = 'config';
  } else if (env.DATABASE_URL) {
    url = resolveDatabaseUrl(env.DATABASE_URL, options.cwd);
    urlSource = 'DATABASE_URL';
  }
  const migrations = resolve(baseDir, config.migrations ?? './migrations');
  const versionLocations = config.versionLocations
    ? [...new Set(config.versionLocations.map((dir) => resolve(baseDir, dir)))]
    : [join(migrations, 'versions')];
  return {
    file,
    baseDir,
    url,
    urlSource,
    models: resolve(baseDir, config.models ?? './src/models.ts'),
    migrations,
    versionsDir: versionLocations[0]!,
    versionLocations,
    templateFile: join(migrations, 'script.ts.tmpl'),
    versionTable: config.versionTable ?? 'orm_version',
    versionTableSchema: config.versionTableSchema ?? null,
    transactionPerMigration: config.transactionPerMigration ?? true,
    autogenerate: {
      ...(config.includeObject && { includeObject: config.includeObject }),
      ...(config.compareType !== undefined && { compareType: config.compareType }),
      ...(config.compareServerDefault !== undefined && { compareServerDefault: config.compareServerDefault }),
    },
  };
}

/** The database URL, or an error saying how to give one. */
export function requireUrl(config: ResolvedConfig): string {
  if (!config.url) {
    throw new UserError('No database URL', {
      hint: 'set `url` in the config, set DATABASE_URL, or pass --url (e.g. sqlite:./app.db)',
    });
  }
  return config.url;
}

import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONFIG_FILE_NAMES } from '../config/load-config.js';
import { UsageError, UserError } from '../util/errors.js';
import type { CommandContext } from './command-context.js';

/** The folder holding the templates `orm init` copies (`migrations-template/` in the package). */
export function templatesRoot(): string {
  // dist/commands/init.js and src/commands/init.ts both sit two levels below the package root.
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'migrations-template');
}

export interface TemplateInfo {
  readonly name: string;
  readonly description: string;
}

/** The templates `orm init --template` accepts, with their one-line descriptions. */
export async function listTemplates(): Promise<TemplateInfo[]> {
  const root = templatesRoot();
  const names = (await readdir(root, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  return Promise.all(
    names.map(async (name) => {
      const meta = JSON.parse(await readFile(join(root, name, 'template.json'), 'utf8')) as { description?: string };
      return { name, description: meta.description ?? '' };
    }),
  );
}

const DEFAULT_URLS: Readonly<Record<string, string>> = {
  sqlite: 'sqlite:./app.db',
  postgres: 'postgres://postgres@localhost:5432/app',
};

export interface InitOptions {
  /** The migrations folder to create, relative to the working directory. */
  readonly directory?: string;
  readonly template?: string;
  readonly dialect?: string;
}

export interface InitResult {
  readonly configFile: string;
  readonly migrationsDir: string;
  readonly files: string[];
}

async function isNonEmptyDir(path: string): Promise<boolean> {
  if (!existsSync(path)) return false;
  return (await readdir(path)).length > 0;
}

/**
 * `orm init [DIR]`: writes the config into the working directory and the migrations folder
 * (`script.ts.tmpl`, `versions/`) into DIR. Refuses to overwrite anything.
 */
export async function init(ctx: CommandContext, options: InitOptions): Promise<InitResult> {
  const templateName = options.template ?? 'generic';
  const dialect = options.dialect ?? 'sqlite';
  const url = DEFAULT_URLS[dialect];
  if (!url) throw new UsageError(`Unknown dialect "${dialect}"`, { hint: `use one of ${Object.keys(DEFAULT_URLS).join(', ')}` });
  const templates = await listTemplates();
  if (!templates.some((t) => t.name === templateName)) {
    throw new UserError(`Unknown template "${templateName}"`, { hint: `available: ${templates.map((t) => t.name).join(', ')} (orm list-templates)` });
  }
  const migrationsRel = options.directory ?? 'migrations';
  const migrationsDir = resolve(ctx.cwd, migrationsRel);
  if (await isNonEmptyDir(migrationsDir)) {
    throw new UserError(`${relative(ctx.cwd, migrationsDir) || migrationsDir} already exists and is not empty`, {
      hint: 'choose another folder: orm init DIR',
    });
  }
  const existingConfig = CONFIG_FILE_NAMES.map((n) => join(ctx.cwd, n)).find((f) => existsSync(f));
  if (existingConfig) {
    throw new UserError(`${relative(ctx.cwd, existingConfig)} already exists`, { hint: 'this project is initialised already; remove the file to start over' });
  }

  const source = join(templatesRoot(), templateName);
  const fill = (text: string) =>
    text.replaceAll('${url}', url).replaceAll('${migrations}', relative(ctx.cwd, migrationsDir).split('\\').join('/') || '.');
  const files: string[] = [];
  await mkdir(migrationsDir, { recursive: true });
  await cp(join(source, 'migrations'), migrationsDir, { recursive: true });
  for (const entry of await readdir(join(source, 'migrations'), { recursive: true })) files.push(join(migrationsDir, entry));
  let configFile = '';
  for (const entry of await readdir(source)) {
    if (entry === 'migrations' || entry === 'template.json') continue;
    const target = join(ctx.cwd, entry);
    await writeFile(target, fill(await readFile(join(source, entry), 'utf8')), { flag: 'wx' });
    files.push(target);
    if (entry.startsWith('orm.config.')) configFile = target;
  }
  return { configFile, migrationsDir, files: files.filter((f) => !f.endsWith('.gitkeep')) };
}

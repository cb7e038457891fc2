/**
 * The revision directory on disk: reading every revision file's header (as text, in parallel)
 * and writing new revision files from the template.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../util/errors.js';
import { type RevisionHeader, parseRevisionHeader } from './revision-header.js';
import { type RevisionTemplateValues, renderRevisionTemplate, revisionSlug } from './revision-template.js';
import { assertValidName } from './validate-revisions.js';

/** Options of {@link readRevisionDirectory}. */
export interface ReadRevisionDirectoryOptions {
  /** Also read sub-folders (Alembic's `recursive_version_locations`). */
  recursive?: boolean;
}

/** Options of {@link writeRevisionFile}. */
export interface WriteRevisionFileOptions extends RevisionTemplateValues {
  /** The version directory to write into (created if missing). */
  dir: string;
  /** The template's text: `script.ts.tmpl`, see {@link readRevisionTemplate}. */
  template: string;
}

const REVISION_FILE = /\.(?:ts|mts|js|mjs)$/;
const DECLARATION_FILE = /\.d\.m?ts$/;
// Reading thousands of files at once would run out of file descriptors.
const MAX_OPEN_FILES = 64;

/**
 * Reads the headers of every revision file in `dirs`: `*.ts`, `*.mts`, `*.js`, `*.mjs`, except
 * declaration files (`.d.ts`) and names starting with `.` or `_` (hidden files, and helpers a
 * project keeps next to its revisions). Headers come in path order; a file that is not a valid
 * revision is a UserError naming it. Duplicate ids are reported by RevisionGraph.build.
 */
export async function readRevisionDirectory(
  dirs: readonly string[],
  options: ReadRevisionDirectoryOptions = {},
): Promise<RevisionHeader[]> {
  const paths = (await Promise.all(dirs.map((dir) => listRevisionFiles(dir, options.recursive ?? false)))).flat().sort();
  const sources = await mapLimited(paths, MAX_OPEN_FILES, (path) => readFile(path, 'utf8'));
  // parsing in path order makes the first reported error the same on every run
  return paths.map((path, i) => parseRevisionHeader(sources[i]!, path));
}

/**
 * Renders the template and writes `<dir>/<revision>_<slug>.ts`; returns its path. Refuses
 * to overwrite an existing file and checks that the result's header reads back as given.
 */
export async function writeRevisionFile(options: WriteRevisionFileOptions): Promise<string> {
  const { dir, template, ...values } = options;
  assertValidName(values.revision, 'revision id', 'the new revision');
  for (const label of values.branchLabels ?? []) assertValidName(label, 'branch label', 'the new revision');
  const slug = revisionSlug(values.message);
  const path = join(dir, slug === '' ? `${values.revision}.ts` : `${values.revision}_${slug}.ts`);
  const source = renderRevisionTemplate(template, values);
  checkRendered(source, path, values);
  await mkdir(dir, { recursive: true });
  try {
    await writeFile(path, source, { encoding: 'utf8', flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new UserError(`${path} already exists; not overwriting it`, { hint: 'Choose another --rev-id or message.', cause: err });
    }
    throw err;
  }
  return path;
}

/** Reads a revision template (`<migrations>/script.ts.tmpl`); a missing file is a UserError. */
export async function readRevisionTemplate(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new UserError(`No revision template at ${path}`, {
        hint: '`orm init` writes one; copy migrations-template/generic/migrations/script.ts.tmpl from the package otherwise.',
        cause: err,
      });
    }
    throw err;
  }
}

/** A new revision id: 12 lowercase hex characters. */
export function newRevisionId(): string {
  return randomBytes(6).toString('hex');
}

/** A custom template could drop or garble a constant: read the header back before writing. */
function checkRendered(source: string, path: string, values: RevisionTemplateValues): void {
  let header: RevisionHeader;
  try {
    header = parseRevisionHeader(source, path);
  } catch (err) {
    throw new UserError(`The revision template does not produce a readable revision header: ${(err as Error).message}`, {
      hint: 'Keep `export const revision`, `downRevision`, `branchLabels` and `dependsOn` with their ${...} placeholders in script.ts.tmpl.',
      cause: err,
    });
  }
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v, i) => v === b[i]);
  if (
    header.revision !== values.revision ||
    !same(header.downRevisions, values.downRevisions) ||
    !same(header.branchLabels, values.branchLabels ?? []) ||
    !same(header.dependsOn, values.dependsOn ?? [])
  ) {
    throw new UserError('The revision template renders header constants that differ from the new revision', {
      hint: "Use `'${revision}'`, `${downRevision}`, `${branchLabels}` and `${dependsOn}` as the constants' values.",
    });
  }
}

async function listRevisionFiles(dir: string, recursive: boolean): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new UserError(`The version directory ${dir} does not exist`, {
        hint: 'Run `orm init`, or check the `migrations` setting of orm.config.ts.',
        cause: err,
      });
    }
    throw err;
  }
  const files: string[] = [];
  const subdirs: Promise<string[]>[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name.startsWith('_')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (recursive && entry.name !== 'node_modules') subdirs.push(listRevisionFiles(path, true));
    } else if (REVISION_FILE.test(entry.name) && !DECLARATION_FILE.test(entry.name)) {
      files.push(path);
    }
  }
  return [...files, ...(await Promise.all(subdirs)).flat()];
}

/** `fn` over `items` with at most `limit` calls in flight; results in input order. */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

import { randomBytes } from 'node:crypto';
import { unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { UserError, errorMessage } from '../util/errors.js';

/**
 * Loads user modules written in TypeScript (config, revision files, models) with esbuild.
 *
 * Each file is bundled with its relative imports (so a revision may import the user's own
 * modules), packages left external, and our own package name pointed at the running copy (so a
 * project without `orm` in node_modules still loads). The bundle is written next to the source
 * as a dotfile, imported, and removed: written there, bare imports resolve from the user's
 * project exactly as they would from the source. esbuild is loaded only on first use.
 */

/** The package name user files import from (`import { defineConfig } from 'orm'`). */
export const PACKAGE_NAME = 'orm';

/** The entry point of the running package, so user files share our module instance. */
function ownEntryUrl(): string {
  // dist/config/module-loader.js -> dist/index.js (tests run from src/, whose index.ts esbuild can bundle too)
  const here = dirname(fileURLToPath(import.meta.url));
  const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  return pathToFileURL(join(here, '..', `index.${ext}`)).href;
}

type Esbuild = typeof import('esbuild');

async function loadEsbuild(): Promise<Esbuild> {
  return await import('esbuild');
}

/** Turns an esbuild failure into a message naming the file, line and column. */
function buildError(file: string, err: unknown): UserError {
  const errors = (err as { errors?: Array<{ text: string; location?: { file: string; line: number; column: number; lineText: string } | null }> }).errors;
  const first = errors?.[0];
  if (first) {
    const loc = first.location;
    const where = loc ? `${relative(process.cwd(), loc.file) || loc.file}:${loc.line}:${loc.column + 1}` : relative(process.cwd(), file);
    const excerpt = loc?.lineText ? `\n    ${loc.lineText.trim()}` : '';
    return new UserError(`Syntax error in ${where}: ${first.text}${excerpt}`, {
      hint: 'fix the file and run the command again',
      cause: err,
    });
  }
  return new UserError(`Could not compile ${relative(process.cwd(), file)}: ${errorMessage(err)}`, { cause: err });
}

/** Resolves `import ... from 'orm'` to the running copy of this package. */
function selfPlugin(): import('esbuild').Plugin {
  const ownEntry = ownEntryUrl();
  return {
    name: 'orm-self',
    setup(build) {
      build.onResolve({ filter: new RegExp(`^${PACKAGE_NAME}$`) }, () => ({ path: ownEntry, external: true }));
    },
  };
}

const BASE_BUILD_OPTIONS = {
  bundle: true,
  write: false,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'silent',
} as const;

/**
 * The build options. The bundle carries an inline source map only when Node applies source maps
 * to stack traces (`--enable-source-maps`, `NODE_OPTIONS`): otherwise nothing reads it, and it
 * would triple what is written, read and parsed (a 1,000-table models module: 0.76 MB of code,
 * 2.8 MB with its map).
 */
function buildOptions() {
  return { ...BASE_BUILD_OPTIONS, sourcemap: process.sourceMapsEnabled ? ('inline' as const) : false };
}

async function bundle(esbuild: Esbuild, file: string): Promise<string> {
  try {
    const result = await esbuild.build({ ...buildOptions(), entryPoints: [file], plugins: [selfPlugin()] });
    return result.outputFiles[0]!.text;
  } catch (err) {
    throw buildError(file, err);
  }
}

/**
 * One bundle re-exporting every file as a namespace (`m0`, `m1`, ...): one esbuild build and
 * one import for a thousand revisions instead of a thousand of each.
 */
async function bundleAll(esbuild: Esbuild, files: readonly string[]): Promise<string> {
  try {
    const result = await esbuild.build({
      ...buildOptions(),
      stdin: {
        contents: files.map((file, i) => `export * as m${i} from ${JSON.stringify(file)};`).join('\n'),
        resolveDir: dirname(files[0]!),
        sourcefile: 'orm-revisions.js',
        loader: 'js',
      },
      plugins: [selfPlugin()],
    });
    return result.outputFiles[0]!.text;
  } catch (err) {
    const file = (err as { errors?: Array<{ location?: { file?: string } | null }> }).errors?.[0]?.location?.file;
    throw buildError(file ?? files[0]!, err);
  }
}

/** Imports one already-bundled module from a temporary file beside its source. */
async function importBundled(file: string, code: string): Promise<Record<string, unknown>> {
  const tmp = join(dirname(file), `.${basename(file)}.orm-load-${process.pid}-${randomBytes(4).toString('hex')}.mjs`);
  await writeFile(tmp, code);
  try {
    return (await import(pathToFileURL(tmp).href)) as Record<string, unknown>;
  } catch (err) {
    throw new UserError(`Loading ${relative(process.cwd(), file)} failed: ${errorMessage(err)}`, {
      hint: 'the module threw while it was being imported; run with --verbose for the stack',
      cause: err,
    });
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

/**
 * Loads several user modules in the given order. Two or more are compiled as one bundle and
 * imported at once; if that import throws, each is loaded alone to name the one at fault.
 */
export async function loadUserModules(files: readonly string[]): Promise<Array<Record<string, unknown>>> {
  if (files.length === 0) return [];
  const esbuild = await loadEsbuild();
  if (files.length === 1) return [await importBundled(files[0]!, await bundle(esbuild, files[0]!))];
  const code = await bundleAll(esbuild, files);
  let all: Record<string, unknown>;
  try {
    all = await importBundled(files[0]!, code);
  } catch {
    const modules: Array<Record<string, unknown>> = [];
    for (const file of files) modules.push(await importBundled(file, await bundle(esbuild, file)));
    return modules;
  }
  return files.map((_, i) => all[`m${i}`] as Record<string, unknown>);
}

/** Loads one user module (TypeScript or JavaScript). */
export async function loadUserModule(file: string): Promise<Record<string, unknown>> {
  const [mod] = await loadUserModules([file]);
  return mod!;
}

import { relative } from 'node:path';
import type { CommandContext } from '../commands/command-context.js';
import type { InitResult } from '../commands/init.js';
import type { NewRevisionResult } from '../commands/new-revision.js';
import type { Output } from './output.js';

/** Paths are shown relative to the working directory. */
function rel(ctx: CommandContext, path: string): string {
  return relative(ctx.cwd, path) || '.';
}

export function formatInit(out: Output, ctx: CommandContext, result: InitResult): void {
  out.document({ configFile: result.configFile, migrationsDir: result.migrationsDir, files: result.files });
  for (const file of result.files) out.line(`Creating ${rel(ctx, file)} ... done`);
  out.line();
  out.line(`Edit ${rel(ctx, result.configFile)} to point at your database, then: orm revision -m "first revision"`);
}

/** `revision` and `merge`: the file written. */
export function formatNewRevision(out: Output, ctx: CommandContext, result: NewRevisionResult): void {
  out.document(result);
  out.line(`Generating ${rel(ctx, result.path)} ... done`);
}

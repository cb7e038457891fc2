import { readRevisionTemplate, newRevisionId, writeRevisionFile } from '../revisions/revision-directory.js';
import { listIds } from '../revisions/revision-graph.js';
import { UserError } from '../util/errors.js';
import type { CommandContext } from './command-context.js';
import { openProject } from './project.js';

export interface RevisionOptions {
  readonly message: string;
  readonly revId?: string;
}

export interface RevisionResult {
  readonly revision: string;
  readonly downRevisions: string[];
  readonly path: string;
}

/**
 * `orm revision -m MSG`: a new revision file on top of the current head. With several heads
 * it refuses and names them (merge them first).
 */
export async function revision(ctx: CommandContext, options: RevisionOptions): Promise<RevisionResult> {
  const { config, graph } = await openProject(ctx);
  if (options.message.trim() === '') throw new UserError('The revision message is empty', { hint: 'say what the revision does: -m "add users"' });
  const heads = graph.heads;
  if (heads.length > 1) {
    throw new UserError(`Several heads: ${listIds(heads)}; a new revision would have to pick one`, {
      hint: 'merge them first (orm merge heads -m "merge")',
    });
  }
  const rev = options.revId ?? newRevisionId();
  if (graph.has(rev)) throw new UserError(`Revision ${rev} exists already`, { hint: 'choose another --rev-id' });
  const template = await readRevisionTemplate(config.templateFile);
  const path = await writeRevisionFile({
    dir: config.versionsDir,
    template,
    revision: rev,
    downRevisions: heads,
    message: options.message,
    createDate: new Date(),
  });
  return { revision: rev, downRevisions: [...heads], path };
}

import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import type { ResolvedConfig } from '../config/config.js';
import { loadConfig } from '../config/load-config.js';
import { readRevisionDirectory } from '../revisions/revision-directory.js';
import { RevisionGraph } from '../revisions/revision-graph.js';
import type { RevisionHeader } from '../revisions/revision-header.js';
import { UserError } from '../util/errors.js';
import type { CommandContext } from './command-context.js';

/** The config and the revision graph: what every command starts from. */
export interface Project {
  readonly config: ResolvedConfig;
  readonly graph: RevisionGraph;
  /** The headers the graph was built from (commands writing a revision validate against them). */
  readonly headers: readonly RevisionHeader[];
}

/**
 * Loads the config and reads every revision header of every version location (as text: no
 * revision file runs).
 */
export async function openProject(ctx: CommandContext): Promise<Project> {
  const config = await loadConfig({ cwd: ctx.cwd, configFile: ctx.configFile, url: ctx.url, env: ctx.env });
  if (config.versionLocations.length > 1) {
    // with one location the directory reader's own message (run `orm init`) fits better
    const missing = config.versionLocations.filter((dir) => !existsSync(dir));
    if (missing.length > 0) {
      throw new UserError(`Version location ${missing.map((d) => relative(ctx.cwd, d) || '.').join(', ')} does not exist`, {
        hint: 'Create the folder (mkdir), or fix `versionLocations` in the config.',
      });
    }
  }
  const headers = await readRevisionDirectory(config.versionLocations);
  return { config, graph: RevisionGraph.build(headers), headers };
}

import type { ResolvedConfig } from '../config/config.js';
import { loadConfig } from '../config/load-config.js';
import { readRevisionDirectory } from '../revisions/revision-directory.js';
import { RevisionGraph } from '../revisions/revision-graph.js';
import type { CommandContext } from './command-context.js';

/** The config and the revision graph: what every command starts from. */
export interface Project {
  readonly config: ResolvedConfig;
  readonly graph: RevisionGraph;
}

/** Loads the config and reads every revision header (as text: no revision file runs). */
export async function openProject(ctx: CommandContext): Promise<Project> {
  const config = await loadConfig({ cwd: ctx.cwd, configFile: ctx.configFile, url: ctx.url, env: ctx.env });
  const headers = await readRevisionDirectory([config.versionsDir]);
  return { config, graph: RevisionGraph.build(headers) };
}

/**
 * Writing a new revision file into the graph: what `orm revision` and `orm merge` share.
 * Everything is checked against the graph before the file is written, so a refused command
 * leaves the version folders as they were.
 */
import { dirname, relative, resolve } from 'node:path';
import { newRevisionId, readRevisionTemplate, writeRevisionFile } from '../revisions/revision-directory.js';
import { RevisionGraph, listIds } from '../revisions/revision-graph.js';
import type { RevisionHeader } from '../revisions/revision-header.js';
import { parseTarget, resolveRevisionSet } from '../revisions/target-resolver.js';
import { assertValidName } from '../revisions/validate-revisions.js';
import { UserError } from '../util/errors.js';
import type { CommandContext } from './command-context.js';
import type { Project } from './project.js';

export interface NewRevision {
  readonly message: string;
  /** Parent revision ids (resolved): empty for a new root, several for a merge. */
  readonly parents: readonly string[];
  readonly revId?: string;
  readonly branchLabels?: readonly string[];
  /** Dependencies as given (ids, prefixes, labels, targets); written as full ids. */
  readonly dependsOn?: readonly string[];
  /** `--version-path`, relative to the working directory. */
  readonly versionPath?: string;
  /** Empty bodies (a merge) instead of the template's placeholder comments. */
  readonly emptyBodies?: boolean;
  /** Generated bodies (autogenerate) instead of the template's placeholder comments. */
  readonly bodies?: { readonly upgradeBody: string; readonly downgradeBody: string };
}

export interface NewRevisionResult {
  readonly revision: string;
  readonly downRevisions: string[];
  readonly branchLabels: string[];
  readonly dependsOn: string[];
  /** The file written (absolute). */
  readonly path: string;
}

/** `a,b` and repeated options → unique trimmed values, in order. */
export function splitList(values: readonly string[] | undefined): string[] {
  return [...new Set((values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== ''))];
}

/** Resolves `--depends-on` values to full revision ids. */
function resolveDependencies(project: Project, values: readonly string[], parents: readonly string[]): string[] {
  const { graph } = project;
  const ids: string[] = [];
  for (const value of values) {
    const resolved = resolveRevisionSet(graph, value);
    if (resolved.length === 0) {
      throw new UserError(`--depends-on '${value}' names no revision`, { hint: 'Give a revision id, prefix or branch label.' });
    }
    for (const id of resolved) {
      if (parents.includes(id)) {
        throw new UserError(`--depends-on '${value}' is '${id}', already a parent of the new revision`, {
          hint: 'A parent is applied first anyway; drop the option.',
        });
      }
      if (!ids.includes(id)) ids.push(id);
    }
  }
  return ids;
}

/** The folder the new file goes into. */
function targetFolder(ctx: CommandContext, project: Project, parents: readonly string[], versionPath: string | undefined): string {
  const { config, graph } = project;
  const locations = config.versionLocations;
  const shown = locations.map((l) => relative(ctx.cwd, l) || '.').join(', ');
  if (versionPath !== undefined) {
    const wanted = resolve(ctx.cwd, versionPath);
    if (!locations.includes(wanted)) {
      throw new UserError(`--version-path ${versionPath} is not one of the version locations (${shown})`, {
        hint: 'Add it to `versionLocations` in the config first.',
      });
    }
    return wanted;
  }
  const parentPath = parents.length > 0 ? graph.node(parents[0]!).path : undefined;
  if (parentPath !== undefined) return dirname(parentPath);
  // the very first revision goes into the first location; a further root must say where
  if (locations.length > 1 && graph.size > 0) {
    throw new UserError(`Several version locations (${shown}): say where the new root revision goes`, {
      hint: `Pass --version-path, e.g. --version-path ${relative(ctx.cwd, locations[0]!) || '.'}`,
    });
  }
  return locations[0]!;
}

/** Checks the new revision against the graph, then writes its file. */
export async function writeNewRevision(ctx: CommandContext, project: Project, spec: NewRevision): Promise<NewRevisionResult> {
  const { config, graph } = project;
  if (spec.message.trim() === '') {
    throw new UserError('The revision message is empty', { hint: 'Say what the revision does: -m "add users"' });
  }
  const revision = spec.revId ?? newRevisionId();
  assertValidName(revision, 'revision id', '--rev-id');
  if (graph.has(revision) || graph.labelOwner(revision) !== undefined) {
    throw new UserError(`Revision id '${revision}' is already used${graph.has(revision) ? '' : ' as a branch label'}`, {
      hint: 'Choose another --rev-id, or leave it out for a random one.',
    });
  }
  const branchLabels = splitList(spec.branchLabels);
  for (const label of branchLabels) {
    assertValidName(label, 'branch label', '--branch-label');
    const owner = graph.labelOwner(label);
    if (owner !== undefined) {
      throw new UserError(`Branch label '${label}' is already used by revision '${owner}'`, {
        hint: `A label names one branch; the new revision already belongs to it if it descends from '${owner}'.`,
      });
    }
    if (graph.has(label) || label === revision) {
      throw new UserError(`Branch label '${label}' is also a revision id`, { hint: 'Choose a label that is not an id.' });
    }
  }
  const dependsOn = resolveDependencies(project, splitList(spec.dependsOn), spec.parents);
  const belowParents = dependsOn.length > 0 ? graph.ancestors(spec.parents) : new Set<string>();
  for (const id of dependsOn.filter((d) => belowParents.has(d))) {
    ctx.logger.warn(`dependsOn '${id}' is already below the new revision's parents: it changes nothing`);
  }
  const dir = targetFolder(ctx, project, spec.parents, spec.versionPath);

  // the graph with the new revision must still build (no cycle, every reference known)
  const header: RevisionHeader = { revision, downRevisions: [...spec.parents], branchLabels, dependsOn, path: '(new revision)' };
  RevisionGraph.build([...project.headers, header]);

  const template = await readRevisionTemplate(config.templateFile);
  const path = await writeRevisionFile({
    dir,
    template,
    revision,
    downRevisions: spec.parents,
    branchLabels,
    dependsOn,
    message: spec.message,
    createDate: new Date(),
    ...(spec.emptyBodies ? { upgradeBody: '', downgradeBody: '' } : {}),
    ...spec.bodies,
  });
  return { revision, downRevisions: [...spec.parents], branchLabels, dependsOn, path };
}

/**
 * The parents named by `--head` (or by `merge`'s REVS): each must be a head unless
 * `splice`. `base` names no parent (a new root).
 */
export function resolveParents(project: Project, targets: readonly string[], splice: boolean, option: string): string[] {
  const { graph } = project;
  const parents: string[] = [];
  for (const target of targets) {
    if (parseTarget(target).symbol === 'current') {
      throw new UserError(`${option} takes a revision, not '${target}'`, { hint: '`orm current` shows the revision ids the database is at.' });
    }
    for (const id of resolveRevisionSet(graph, target)) {
      if (parents.includes(id)) {
        throw new UserError(`Revision '${id}' is named twice (${option} ${targets.join(' ')})`, { hint: 'Name each revision once.' });
      }
      parents.push(id);
    }
  }
  if (!splice) {
    const notHeads = parents.filter((id) => !graph.heads.includes(id));
    if (notHeads.length > 0) {
      throw new UserError(
        `${listIds(notHeads)} ${notHeads.length === 1 ? 'is not a head' : 'are not heads'}: other revisions already follow ${notHeads.length === 1 ? 'it' : 'them'}`,
        { hint: `Pass --splice to start a new branch there anyway (heads: ${listIds(graph.heads)}).` },
      );
    }
  }
  return parents;
}

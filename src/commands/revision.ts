import { listIds } from '../revisions/revision-graph.js';
import { UsageError, UserError } from '../util/errors.js';
import type { CommandContext } from './command-context.js';
import { type NewRevisionResult, resolveParents, writeNewRevision } from './new-revision.js';
import { openProject, type Project } from './project.js';
import { renderMigrationBodies } from '../render/render-ops.js';
import { detectChanges, loadTarget, parseRenames, renameCandidateWarning } from './autogenerate.js';
import type { RenameCandidate } from '../diff/renames.js';
import { whileConnecting, withDatabase } from './open-database.js';
import { requireUrl } from '../config/load-config.js';
import { dialectNameFromUrl } from '../dialects/index.js';
import { lintDialect, lintOps, SchemaState, type LintFinding } from '../lint/index.js';

export interface RevisionOptions {
  readonly message: string;
  readonly revId?: string;
  /** `--head REV`: the parent (`base`: a new root). Default: the only head. */
  readonly head?: string;
  /** `--splice`: allow a `--head` that is not a head (start a branch below it). */
  readonly splice?: boolean;
  /** `--branch-label` values (each may be a comma list). */
  readonly branchLabels?: readonly string[];
  /** `--depends-on` values: ids, prefixes or labels, written as full ids. */
  readonly dependsOn?: readonly string[];
  /** `--version-path DIR`: one of the version locations. */
  readonly versionPath?: string;
  /** `--rename old=new` / `--rename table.old=new` values (autogenerate). */
  readonly renames?: readonly string[];
}

export type RevisionResult = NewRevisionResult;

/**
 * `orm revision -m MSG`: a new revision file on top of the head, or of `--head`. Without
 * `--head`, several heads are refused, naming them (merge them or pick one). The file goes
 * into the folder of its parent's file unless `--version-path` says otherwise.
 */
export async function revision(
  ctx: CommandContext,
  options: RevisionOptions,
  generated: { readonly project: Project; readonly bodies: { upgradeBody: string; downgradeBody: string } } | null = null,
): Promise<RevisionResult> {
  const project = generated?.project ?? (await openProject(ctx));
  const { graph } = project;
  if (options.splice && options.head === undefined) {
    throw new UsageError('--splice needs --head', { hint: 'Name the revision to branch from: --head REV --splice.' });
  }
  let parents: string[];
  if (options.head === undefined) {
    // dependency-only heads are applied with their dependents, so they do not count here
    parents = [...graph.resolvedHeads];
    if (parents.length > 1) {
      throw new UserError(`Several heads: ${listIds(parents)}; say which one the new revision follows`, {
        hint: 'Pass --head REV (or LABEL@head), or join them first with `orm merge heads -m "merge"`.',
      });
    }
  } else {
    parents = resolveParents(project, [options.head], options.splice === true, '--head');
  }
  return writeNewRevision(ctx, project, {
    message: options.message,
    parents,
    ...(options.revId === undefined ? {} : { revId: options.revId }),
    ...(options.branchLabels === undefined ? {} : { branchLabels: options.branchLabels }),
    ...(options.dependsOn === undefined ? {} : { dependsOn: options.dependsOn }),
    ...(options.versionPath === undefined ? {} : { versionPath: options.versionPath }),
    ...(generated && { bodies: generated.bodies }),
  });
}

export interface AutogenerateResult extends RevisionResult {
  /** One line per detected change; empty when the models and the database agree. */
  readonly changes: string[];
  /** Lint findings for the generated upgrade (judged against the live schema); they never block. */
  readonly findings: LintFinding[];
  /** Drops and adds written as such that may be renames (each also warned about, with its `--rename`). */
  readonly renameCandidates: RenameCandidate[];
}

/**
 * `orm revision --autogenerate -m MSG`: compares the models with the database (which must be
 * at every head) and writes a revision whose upgrade holds the detected operations and whose
 * downgrade is their reverse. Written even when nothing changed (an empty revision), as Alembic does.
 */
export async function autogenerateRevision(
  ctx: CommandContext,
  options: RevisionOptions,
  /** Asks whether a drop and an add are a rename (on a terminal); absent, they are warned about. */
  confirm?: (candidate: RenameCandidate) => Promise<boolean>,
): Promise<AutogenerateResult> {
  const project = await openProject(ctx);
  const target = await whileConnecting(project.config, () => loadTarget(project.config.models));
  const renames = parseRenames(options.renames, target);
  const detected = await withDatabase(project.config, (db) =>
    detectChanges(project.config, project.graph, target, db, ctx.logger, { renames, ...(confirm && { confirm }) }),
  );
  if (!confirm) for (const candidate of detected.renameCandidates) ctx.logger.warn(renameCandidateWarning(candidate));
  const result = await revision(ctx, options, { project, bodies: renderMigrationBodies(detected.ops) });
  const { findings } = lintOps(detected.ops, {
    dialect: lintDialect(dialectNameFromUrl(requireUrl(project.config))),
    schema: SchemaState.fromSchema(detected.live),
    revision: result.revision,
  });
  return { ...result, changes: detected.changes, findings, renameCandidates: detected.renameCandidates };
}

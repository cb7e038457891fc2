/**
 * `orm lint [RANGE]`: risky operations in revisions, without a database. Each revision's upgrade
 * is run against a recorder (ops are collected, none runs); the rules of `src/lint/` judge the
 * ops against the schema the earlier revisions built.
 */
import { readFile } from 'node:fs/promises';
import { loadUserModules } from '../config/module-loader.js';
import type { DialectName } from '../dialects/dialect.js';
import { dialectNameFromUrl } from '../dialects/index.js';
import { lintDialect, lintRevisionModule, readSuppressions, SchemaState, type LintCode, type LintFinding } from '../lint/index.js';
import { checkCurrentHeads } from '../revisions/migration-plan.js';
import { parseRevisionRange, rangeNeedsCurrent, revisionsInRange } from '../revisions/revision-range.js';
import type { RevisionGraph } from '../revisions/revision-graph.js';
import { parseTarget } from '../revisions/target-resolver.js';
import { UserError, errorMessage } from '../util/errors.js';
import type { CommandContext } from './command-context.js';
import { openProject, type Project } from './project.js';

export { lintCodes, type LintCodeInfo, type LintFinding } from '../lint/index.js';

export interface LintOptions {
  /** `FROM:TO` as `history -r` reads it; the whole history when absent. */
  readonly range?: string;
  /** `--dialect`: lint for this database instead of the URL's. */
  readonly dialect?: DialectName;
}

/** A finding with the file of its revision. */
export interface LintFileFinding extends LintFinding {
  readonly path: string;
}

export interface LintedRevision {
  readonly revision: string;
  readonly message: string;
  readonly path: string;
  /** Ops recorded from its upgrade. */
  readonly operations: number;
  readonly findings: LintFileFinding[];
}

export interface LintResult {
  /** The range as given, or null for the whole history. */
  readonly range: string | null;
  readonly dialect: DialectName;
  /** The version table's rows when the range named `current`, else null. */
  readonly current: string[] | null;
  /** The revisions linted, oldest first (the order upgrade runs them). */
  readonly revisions: LintedRevision[];
  /** Every finding, suppressed ones included, in revision order. */
  readonly findings: LintFileFinding[];
  /** Findings that count: not suppressed. */
  readonly errors: number;
  readonly warnings: number;
  readonly suppressed: number;
}

/** The dialect to lint for: `--dialect`, else the URL's scheme (nothing connects). */
function dialectFor(project: Project, options: LintOptions): DialectName {
  if (options.dialect !== undefined) return options.dialect;
  if (!project.config.url) {
    throw new UserError('lint needs to know the database: no URL is configured', {
      hint: 'pass --dialect postgres (or sqlite), or a URL (--url, the config, DATABASE_URL); lint never connects unless RANGE names current',
    });
  }
  return dialectNameFromUrl(project.config.url);
}

async function readCurrent(project: Project): Promise<string[]> {
  // imported here: the database layers (kysely, drivers) stay unloaded unless the range needs them
  const [{ withDatabase }, { currentHeads }] = await Promise.all([import('./open-database.js'), import('./migrate.js')]);
  return checkCurrentHeads(project.graph, await withDatabase(project.config, currentHeads));
}

/**
 * The revisions to lint, oldest first. RANGE reads as in `history -r` (FROM included), except
 * that a FROM naming `current` leaves out the revisions the database is at: they are applied.
 */
async function selectRevisions(project: Project, rangeText: string | undefined): Promise<{ ids: string[]; current: string[] | null }> {
  const { graph } = project;
  const oldestFirst = (ids: Iterable<string>) => {
    const wanted = new Set(ids);
    return graph.history().reverse().map((n) => n.revision).filter((id) => wanted.has(id));
  };
  if (rangeText === undefined) return { ids: oldestFirst(graph.history().map((n) => n.revision)), current: null };
  const range = parseRevisionRange(rangeText);
  const current = rangeNeedsCurrent(range) ? await readCurrent(project) : null;
  let ids = revisionsInRange(graph, range, current ?? []);
  if (range.from !== null && parseTarget(range.from).symbol === 'current' && current) {
    const applied = new Set(current);
    ids = ids.filter((id) => !applied.has(id));
  }
  return { ids: oldestFirst(ids), current };
}

/** Loads the modules of `ids`; when an earlier (context-only) one fails, goes on without the context. */
async function loadModules(graph: RevisionGraph, context: string[], linted: ReadonlySet<string>, ctx: CommandContext) {
  const pathOf = (id: string) => graph.node(id).path ?? '';
  try {
    const modules = await loadUserModules(context.map(pathOf));
    return new Map(context.map((id, i) => [id, modules[i]!]));
  } catch (error) {
    const only = context.filter((id) => linted.has(id));
    if (only.length === context.length) throw error;
    ctx.logger.warn(`could not load the earlier revisions lint reads for context (${errorMessage(error)}); findings may say less`);
    const modules = await loadUserModules(only.map(pathOf));
    return new Map(only.map((id, i) => [id, modules[i]!]));
  }
}

/**
 * `orm lint [RANGE]`: records each revision's upgrade (no database, `op.offline` true), runs the
 * lint rules for the dialect of the URL (or `--dialect`), and returns the findings. Earlier
 * revisions are recorded too, unlinted, so rules know the tables, columns and foreign keys
 * they built.
 */
export async function lint(ctx: CommandContext, options: LintOptions = {}): Promise<LintResult> {
  const project = await openProject(ctx);
  const { graph } = project;
  const dialect = lintDialect(dialectFor(project, options));
  const { ids, current } = await selectRevisions(project, options.range);
  const linted = new Set(ids);
  const needed = ids.length === 0 ? new Set<string>() : graph.ancestors(ids, { includeSelf: true });
  const context = graph
    .history()
    .reverse()
    .map((n) => n.revision)
    .filter((id) => needed.has(id));
  const modules = ids.length === 0 ? new Map<string, Record<string, unknown>>() : await loadModules(graph, context, linted, ctx);

  const after = new Map<string, SchemaState>();
  const revisions: LintedRevision[] = [];
  for (const id of context) {
    const mod = modules.get(id);
    const node = graph.node(id);
    const parents = node.parents.map((p) => after.get(p)).filter((s): s is SchemaState => !!s);
    const before = parents.length === 0 ? SchemaState.empty() : SchemaState.merge(parents);
    if (!mod) {
      after.set(id, before);
      continue;
    }
    const path = node.path ?? '';
    let ignore: ReadonlySet<LintCode> | undefined;
    if (linted.has(id)) {
      const suppressions = readSuppressions(await readFile(path, 'utf8').catch(() => ''));
      for (const code of suppressions.unknown) ctx.logger.warn(`${id}: unknown lint code ${code} in an orm-lint-ignore comment`);
      ignore = suppressions.codes;
    }
    const result = await lintRevisionModule(mod, { revision: id, dialect, schema: before, ...(ignore && { ignore }) });
    after.set(id, result.schema);
    if (!linted.has(id)) continue;
    revisions.push({
      revision: id,
      message: node.message ?? '',
      path,
      operations: result.operations,
      findings: result.findings.map((f) => ({ ...f, path })),
    });
  }
  const findings = revisions.flatMap((r) => r.findings);
  const counting = findings.filter((f) => !f.suppressed);
  return {
    range: options.range ?? null,
    dialect: dialect.name,
    current,
    revisions,
    findings,
    errors: counting.filter((f) => f.severity === 'error').length,
    warnings: counting.filter((f) => f.severity === 'warning').length,
    suppressed: findings.length - counting.length,
  };
}

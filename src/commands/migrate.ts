import { loadUserModules } from '../config/module-loader.js';
import { planDowngrade, planUpgrade, type MigrationStep as PlannedStep } from '../revisions/migration-plan.js';
import type { RevisionGraph } from '../revisions/revision-graph.js';
import { versionRowOps } from '../revisions/version-change.js';
import type { MigrationStep } from '../runtime/migration-step.js';
import { runSteps, type StepResult } from '../runtime/migration-runner.js';
import { readVersionRows } from '../runtime/version-table.js';
import type { CommandContext } from './command-context.js';
import { withDatabase, type OpenDatabase } from './open-database.js';
import { openProject } from './project.js';

export interface MigrateOptions {
  readonly direction: 'up' | 'down';
  readonly target: string;
}

export interface MigrateResult {
  readonly direction: 'up' | 'down';
  readonly target: string;
  readonly from: string[];
  readonly to: string[];
  readonly steps: StepResult[];
}

/** The version table's rows, or none when the table does not exist yet. */
export async function currentHeads(db: OpenDatabase): Promise<string[]> {
  const exists = await db.dialect.hasTable(db.connection.db, db.versionTable.table, db.versionTable.schema);
  return exists ? readVersionRows(db.connection.db, db.versionTable) : [];
}

/** A planned step as the runtime runs it: file, progress line ends, version-row statements. */
export function toRuntimeStep(graph: RevisionGraph, step: PlannedStep): MigrationStep {
  const node = graph.node(step.revision);
  const parents = [...node.downRevisions];
  return {
    revision: step.revision,
    message: node.message ?? '',
    path: node.path ?? '',
    direction: step.direction,
    from: step.direction === 'up' ? parents : [step.revision],
    to: step.direction === 'up' ? [step.revision] : parents,
    versionRows: versionRowOps(step.change),
  };
}

/** `orm upgrade TARGET` / `orm downgrade TARGET`. */
export async function migrate(ctx: CommandContext, options: MigrateOptions): Promise<MigrateResult> {
  const { config, graph } = await openProject(ctx);
  return withDatabase(config, async (db) => {
    const heads = await currentHeads(db);
    const plan = options.direction === 'up' ? planUpgrade(graph, heads, options.target) : planDowngrade(graph, heads, options.target);
    const steps = await runSteps({
      dialect: db.dialect,
      connection: db.connection,
      versionTable: db.versionTable,
      steps: plan.steps.map((s) => toRuntimeStep(graph, s)),
      logger: ctx.logger,
      transactionPerMigration: config.transactionPerMigration,
      failedStatement: db.failedStatement,
      loadModules: loadUserModules,
    });
    return { direction: options.direction, target: options.target, from: plan.fromHeads, to: plan.toHeads, steps };
  });
}

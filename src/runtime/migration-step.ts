import type { VersionRowOp } from '../revisions/version-change.js';

/** One revision to run, as the runtime needs it (built from the graph's plan). */
export interface MigrationStep {
  readonly revision: string;
  readonly message: string;
  /** The revision file, loaded only when the step runs. */
  readonly path: string;
  readonly direction: 'up' | 'down';
  /** Where the step starts (`<base>` when empty) and ends, for progress lines. */
  readonly from: readonly string[];
  readonly to: readonly string[];
  /** The version-table statements of this step, in order (each touches one row). */
  readonly versionRows: readonly VersionRowOp[];
}

/** `9b1e0c2a4d11 -> 3f2a9c1d7b40, add users`. */
export function describeStep(step: MigrationStep): string {
  const side = (ids: readonly string[]) => (ids.length === 0 ? '<base>' : ids.join(', '));
  return `${side(step.from)} -> ${side(step.to)}${step.message ? `, ${step.message}` : ''}`;
}

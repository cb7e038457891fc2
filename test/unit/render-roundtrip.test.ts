import fc from 'fast-check';
import { reverseOps } from '../../src/ops/reverse.js';
import { renderOps } from '../../src/render/render-ops.js';
import { SCENARIOS, recordRevision, recordable, revisionSource, scenarioSource } from './render-fixtures.js';
import { opsArb, reversibleOpsArb } from './render-arbitraries.js';

/**
 * Render -> run -> the same IR: a rendered revision file, transpiled and run against a recording
 * `op`, records exactly the ops it was rendered from (less `existing`, which is never written).
 */
describe('rendered code records the ops it was rendered from', () => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s: upgrade and downgrade', async (name, { ops, reversible }) => {
    const source = scenarioSource(name, ops, reversible);
    expect(await recordRevision(source, 'upgrade')).toEqual(ops.map(recordable));
    if (reversible) expect(await recordRevision(source, 'downgrade')).toEqual(reverseOps(ops).map(recordable));
  });

  it('random op lists (every kind, hostile names and text)', async () => {
    await fc.assert(
      fc.asyncProperty(opsArb, async (ops) => {
        const source = revisionSource('random', renderOps(ops));
        expect(await recordRevision(source, 'upgrade')).toEqual(ops);
      }),
      { seed: 20250101, numRuns: 400 },
    );
  });

  it('random reversible op lists: the rendered downgrade records their reverse', async () => {
    await fc.assert(
      fc.asyncProperty(reversibleOpsArb, async (ops) => {
        const source = revisionSource('random', renderOps(ops), renderOps(reverseOps(ops)));
        expect(await recordRevision(source, 'upgrade')).toEqual(ops.map(recordable));
        expect(await recordRevision(source, 'downgrade')).toEqual(reverseOps(ops).map(recordable));
      }),
      { seed: 20250102, numRuns: 200 },
    );
  });
});

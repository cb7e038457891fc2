import { appliedRevisions, checkCurrentHeads, planDowngrade, planUpgrade } from '../../src/revisions/migration-plan.js';
import type { MigrationPlan } from '../../src/revisions/migration-plan.js';
import type { RevisionGraph } from '../../src/revisions/revision-graph.js';
import { parseTarget, resolveRevisionSet } from '../../src/revisions/target-resolver.js';
import { UserError } from '../../src/util/errors.js';
import { expectedHeads, graph } from './revision-fixtures.js';

const ids = (plan: MigrationPlan) => plan.steps.map((s) => s.revision);
const changes = (plan: MigrationPlan) => plan.steps.map((s) => s.change);

function userError(fn: () => unknown): UserError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return err as UserError;
  }
  throw new Error('expected a UserError');
}

/** Checks a plan against the graph: order, and the rows after every step. */
function checkPlan(g: RevisionGraph, plan: MigrationPlan): void {
  const applied = appliedRevisions(g, plan.fromHeads);
  const done = new Set<string>();
  for (const step of plan.steps) {
    const node = g.node(step.revision);
    if (step.direction === 'up') {
      for (const p of node.parents) expect(applied.has(p)).toBe(true);
      expect(applied.has(step.revision)).toBe(false);
      applied.add(step.revision);
    } else {
      for (const n of node.next) expect(applied.has(n)).toBe(false);
      expect(applied.delete(step.revision)).toBe(true);
    }
    expect(done.has(step.revision)).toBe(false);
    done.add(step.revision);
    expect(step.headsAfter).toEqual(expectedHeads(g, applied));
  }
  expect(plan.toHeads).toEqual(expectedHeads(g, applied));
}

describe('a linear chain', () => {
  const g = graph({ a000: null, b000: 'a000', c000: 'b000', d000: 'c000' });
  const up = (heads: string[], target: string) => {
    const plan = planUpgrade(g, heads, target);
    checkPlan(g, plan);
    return plan;
  };
  const down = (heads: string[], target: string) => {
    const plan = planDowngrade(g, heads, target);
    checkPlan(g, plan);
    return plan;
  };

  it('upgrades from base to head: insert, then updates', () => {
    const plan = up([], 'head');
    expect(ids(plan)).toEqual(['a000', 'b000', 'c000', 'd000']);
    expect(changes(plan)).toEqual([
      { kind: 'insert', revision: 'a000' },
      { kind: 'update', from: 'a000', to: 'b000' },
      { kind: 'update', from: 'b000', to: 'c000' },
      { kind: 'update', from: 'c000', to: 'd000' },
    ]);
    expect(plan.steps.every((s) => s.direction === 'up')).toBe(true);
    expect(plan.steps[0]!.path).toBe('versions/a000.ts');
    expect(plan.steps[0]!.message).toBe('message of a000');
    expect(plan).toMatchObject({ direction: 'up', target: 'head', fromHeads: [], toHeads: ['d000'] });
  });

  it('upgrades only what is not applied', () => {
    expect(ids(up(['b000'], 'head'))).toEqual(['c000', 'd000']);
    expect(ids(up(['b000'], 'heads'))).toEqual(['c000', 'd000']);
    expect(ids(up([], 'c000'))).toEqual(['a000', 'b000', 'c000']);
    expect(ids(up(['b000'], 'c0'))).toEqual(['c000']);
  });

  it('does nothing for an applied target or base', () => {
    expect(ids(up(['c000'], 'a000'))).toEqual([]);
    expect(ids(up(['c000'], 'base'))).toEqual([]);
    expect(ids(up(['d000'], 'head'))).toEqual([]);
    expect(up(['d000'], 'head').toHeads).toEqual(['d000']);
  });

  it('upgrades +N from the current head, or from base', () => {
    expect(ids(up(['b000'], '+1'))).toEqual(['c000']);
    expect(ids(up(['b000'], '+2'))).toEqual(['c000', 'd000']);
    expect(ids(up([], '+1'))).toEqual(['a000']);
    expect(userError(() => up(['b000'], '+3')).message).toBe('Cannot upgrade 3 steps from b000: only 2 revision(s) above it');
  });

  it('upgrades to REV+N and REV-N', () => {
    expect(ids(up([], 'a000+2'))).toEqual(['a000', 'b000', 'c000']);
    expect(ids(up([], 'd000-1'))).toEqual(['a000', 'b000', 'c000']);
    expect(ids(up([], 'head-2'))).toEqual(['a000', 'b000']);
    expect(ids(up([], 'base+1'))).toEqual(['a000']);
    expect(() => up([], 'a000+9')).toThrow(/Cannot go 9 steps up from 'a000'/);
  });

  it('downgrades -N', () => {
    const plan = down(['d000'], '-1');
    expect(ids(plan)).toEqual(['d000']);
    expect(plan.steps[0]).toMatchObject({ direction: 'down', change: { kind: 'update', from: 'd000', to: 'c000' } });
    expect(ids(down(['d000'], '-2'))).toEqual(['d000', 'c000']);
    expect(ids(down(['d000'], '-4'))).toEqual(['d000', 'c000', 'b000', 'a000']);
    expect(down(['d000'], '-4').steps[3]!.change).toEqual({ kind: 'delete', revision: 'a000' });
    expect(down(['d000'], '-4').toHeads).toEqual([]);
  });

  it('refuses -N below base', () => {
    expect(userError(() => down(['d000'], '-5')).message).toBe('Cannot downgrade 5 steps: only 4 applied');
    expect(userError(() => down(['b000'], '-3')).message).toBe('Cannot downgrade 3 steps: only 2 applied');
    expect(userError(() => down([], '-1')).message).toBe('Cannot downgrade 1 step: only 0 applied');
  });

  it('downgrades to base, an id, REV-N', () => {
    expect(ids(down(['d000'], 'base'))).toEqual(['d000', 'c000', 'b000', 'a000']);
    expect(ids(down(['d000'], 'b000'))).toEqual(['d000', 'c000']);
    expect(ids(down(['d000'], 'd000-2'))).toEqual(['d000', 'c000']);
    expect(ids(down(['d000'], 'a000+1'))).toEqual(['d000', 'c000']);
    expect(ids(down(['d000'], 'd000'))).toEqual([]);
    expect(ids(down([], 'base'))).toEqual([]);
  });

  it('refuses to downgrade to a revision that is not applied', () => {
    const err = userError(() => down(['b000'], 'd000'));
    expect(err.message).toBe("Cannot downgrade to 'd000': not applied (current: 'b000')");
    expect(err.hint).toContain('orm upgrade d000');
  });

  it('rejects targets going the wrong way', () => {
    expect(userError(() => up(['b000'], '-1')).message).toMatch(/upgrade takes \+N/);
    expect(userError(() => down(['b000'], '+1')).message).toMatch(/downgrade takes -N/);
  });

  it('rejects malformed and unknown targets', () => {
    expect(() => up([], '')).toThrow(/Malformed target/);
    expect(() => up([], 'a@')).toThrow(/Malformed target/);
    expect(() => up([], 'zzzz')).toThrow(/No such revision or branch label 'zzzz'/);
  });
});

describe('checkCurrentHeads', () => {
  const g = graph({ a000: null, b000: 'a000', c000: 'a000' });

  it('sorts and dedupes', () => {
    expect(checkCurrentHeads(g, ['c000', 'b000', 'c000'])).toEqual(['b000', 'c000']);
  });

  it('rejects an unknown row', () => {
    const err = userError(() => planUpgrade(g, ['ffff'], 'heads'));
    expect(err.message).toBe("The version table holds revision 'ffff', which is not in the revision directory");
    expect(err.hint).toContain('orm stamp');
  });

  it('rejects rows below other rows', () => {
    expect(() => checkCurrentHeads(g, ['a000', 'b000'])).toThrow(/holds 'a000' together with revisions above them/);
  });
});

describe('a branch point', () => {
  // a000 -> b001 -> b002 (label bee), a000 -> c001 (label sea)
  const g = graph({ a000: null, b001: { down: 'a000', labels: ['bee'] }, b002: 'b001', c001: { down: 'a000', labels: ['sea'] } });
  const up = (heads: string[], target: string) => {
    const plan = planUpgrade(g, heads, target);
    checkPlan(g, plan);
    return plan;
  };
  const down = (heads: string[], target: string) => {
    const plan = planDowngrade(g, heads, target);
    checkPlan(g, plan);
    return plan;
  };

  it('upgrades heads, inserting a row when entering a second branch', () => {
    const plan = up([], 'heads');
    expect(ids(plan)).toEqual(['a000', 'b001', 'b002', 'c001']);
    expect(changes(plan)).toEqual([
      { kind: 'insert', revision: 'a000' },
      { kind: 'update', from: 'a000', to: 'b001' },
      { kind: 'update', from: 'b001', to: 'b002' },
      { kind: 'insert', revision: 'c001' },
    ]);
    expect(plan.toHeads).toEqual(['b002', 'c001']);
  });

  it("refuses 'head' naming the heads", () => {
    const err = userError(() => up([], 'head'));
    expect(err.message).toBe("'head' is ambiguous: there are 2 heads: 'b002', 'c001'");
    expect(err.hint).toMatch(/LABEL@head.*'heads'.*orm merge heads/);
  });

  it('upgrades one branch with LABEL@head, REV@head, LABEL@REV', () => {
    expect(ids(up([], 'bee@head'))).toEqual(['a000', 'b001', 'b002']);
    expect(ids(up(['b002'], 'sea@head'))).toEqual(['c001']);
    expect(up(['b002'], 'sea@head').steps[0]!.change).toEqual({ kind: 'insert', revision: 'c001' });
    expect(ids(up([], 'b001@head'))).toEqual(['a000', 'b001', 'b002']);
    expect(ids(up([], 'bee@b001'))).toEqual(['a000', 'b001']);
    expect(ids(up([], 'bee@heads'))).toEqual(['a000', 'b001', 'b002']);
    expect(ids(up([], 'a000@heads'))).toEqual(['a000', 'b001', 'b002', 'c001']);
    expect(() => up([], 'a000@head')).toThrow(/'a000@head' is ambiguous: there are 2 heads/);
    expect(() => up([], 'sea@b001')).toThrow("Revision 'b001' is not on branch 'sea'");
    expect(() => up([], 'nolabel@head')).toThrow(/No such revision or branch label 'nolabel'/);
  });

  it('uses the branch to settle an ambiguous prefix (LABEL@PREFIX)', () => {
    const g2 = graph({ aaaa0: null, bbbb1: { down: 'aaaa0', labels: ['x'] }, bbbb2: 'aaaa0' });
    expect(() => planUpgrade(g2, [], 'bbbb')).toThrow(/ambiguous/);
    expect(ids(planUpgrade(g2, [], 'x@bbbb'))).toEqual(['aaaa0', 'bbbb1']);
  });

  it('upgrades LABEL@+N on the branch, from its head, its applied part, or base', () => {
    expect(ids(up([], 'bee@+2'))).toEqual(['a000', 'b001']);
    expect(ids(up(['c001'], 'bee@+1'))).toEqual(['b001']);
    expect(ids(up(['b001', 'c001'], 'bee@+1'))).toEqual(['b002']);
    expect(() => up(['b002', 'c001'], 'bee@+1')).toThrow(/only 0 revision\(s\) above it/);
    expect(ids(up(['b002'], 'sea@+1'))).toEqual(['c001']);
  });

  it('refuses +N from several heads or at a branch point', () => {
    expect(userError(() => up(['b001', 'c001'], '+1')).message).toBe(
      "Ambiguous upgrade '+1' from several current revisions: 'b001', 'c001'",
    );
    expect(userError(() => up(['a000'], '+1')).message).toBe("Cannot go up from a000: it has several next revisions: 'b001', 'c001'");
  });

  it('downgrades to the branch point, reverting both branches above it', () => {
    const plan = down(['b002', 'c001'], 'a000');
    expect(ids(plan)).toEqual(['c001', 'b002', 'b001']);
    expect(changes(plan)).toEqual([
      { kind: 'delete', revision: 'c001' },
      { kind: 'update', from: 'b002', to: 'b001' },
      { kind: 'update', from: 'b001', to: 'a000' },
    ]);
  });

  it('downgrades one branch only: an id on it, LABEL@REV, LABEL@-N', () => {
    expect(ids(down(['b002', 'c001'], 'b001'))).toEqual(['b002']);
    expect(ids(down(['b002', 'c001'], 'sea@a000'))).toEqual(['c001']);
    expect(ids(down(['b002', 'c001'], 'bee@a000'))).toEqual(['b002', 'b001']);
    expect(ids(down(['b002', 'c001'], 'bee@-1'))).toEqual(['b002']);
    expect(ids(down(['b002', 'c001'], 'sea@-1'))).toEqual(['c001']);
    expect(down(['b002', 'c001'], 'sea@-1').toHeads).toEqual(['b002']);
    expect(ids(down(['b002', 'c001'], 'c001-1'))).toEqual(['c001']);
    expect(ids(down(['b002', 'c001'], 'b002-2'))).toEqual(['b002', 'b001']);
    expect(ids(down(['b002', 'c001'], 'bee@head-1'))).toEqual(['b002']);
  });

  it('downgrades -N from a single head on one branch, leaving the other branch', () => {
    expect(ids(down(['b002'], '-2'))).toEqual(['b002', 'b001']);
    expect(down(['b002'], '-2').toHeads).toEqual(['a000']);
  });

  it('refuses -N from several heads, naming them', () => {
    const err = userError(() => down(['b002', 'c001'], '-1'));
    expect(err.message).toBe("Ambiguous downgrade '-1' from several current revisions: 'b002', 'c001'");
    expect(err.hint).toMatch(/LABEL@-N or REV-N/);
  });

  it('downgrades base, and LABEL@base', () => {
    expect(ids(down(['b002', 'c001'], 'base'))).toEqual(['c001', 'b002', 'b001', 'a000']);
    expect(ids(down(['b002', 'c001'], 'bee@base'))).toEqual(['c001', 'b002', 'b001', 'a000']);
    expect(ids(up(['b002'], 'bee@base'))).toEqual([]);
  });

  it('upgrades a sibling branch without touching the applied one', () => {
    expect(ids(up(['b002'], 'c001'))).toEqual(['c001']);
    expect(ids(up(['b001'], 'heads'))).toEqual(['b002', 'c001']);
  });
});

describe('merge points', () => {
  // a000 -> b000 -> m000 -> n000; a000 -> c000 -> m000
  const g = graph({ a000: null, b000: 'a000', c000: 'a000', m000: ['b000', 'c000'], n000: 'm000' });
  const up = (heads: string[], target: string) => {
    const plan = planUpgrade(g, heads, target);
    checkPlan(g, plan);
    return plan;
  };
  const down = (heads: string[], target: string) => {
    const plan = planDowngrade(g, heads, target);
    checkPlan(g, plan);
    return plan;
  };

  it('runs both parents before the merge, and merges the rows', () => {
    const plan = up([], 'head');
    expect(ids(plan)).toEqual(['a000', 'b000', 'c000', 'm000', 'n000']);
    expect(changes(plan)).toEqual([
      { kind: 'insert', revision: 'a000' },
      { kind: 'update', from: 'a000', to: 'b000' },
      { kind: 'insert', revision: 'c000' },
      { kind: 'merge', delete: ['c000'], update: { from: 'b000', to: 'm000' } },
      { kind: 'update', from: 'm000', to: 'n000' },
    ]);
  });

  it('crosses a merge from one applied parent', () => {
    expect(ids(up(['b000'], 'm000'))).toEqual(['c000', 'm000']);
    expect(ids(up(['b000', 'c000'], 'head'))).toEqual(['m000', 'n000']);
    expect(up(['b000', 'c000'], 'head').steps[0]!.change).toEqual({
      kind: 'merge',
      delete: ['c000'],
      update: { from: 'b000', to: 'm000' },
    });
  });

  it('unmerges on downgrade -1 of a merge point', () => {
    const plan = down(['m000'], '-1');
    expect(ids(plan)).toEqual(['m000']);
    expect(plan.steps[0]!.change).toEqual({ kind: 'unmerge', insert: ['c000'], update: { from: 'm000', to: 'b000' } });
    expect(plan.toHeads).toEqual(['b000', 'c000']);
  });

  it('goes down to all parents of a merge on the last step of -N, not through it', () => {
    expect(ids(down(['n000'], '-2'))).toEqual(['n000', 'm000']);
    expect(down(['n000'], '-2').toHeads).toEqual(['b000', 'c000']);
    expect(userError(() => down(['n000'], '-3')).message).toBe("Cannot go down 3 steps: 'm000' is a merge point of 'b000', 'c000'");
  });

  it('downgrades to one parent of a merge, keeping the other branch (as Alembic)', () => {
    const plan = down(['n000'], 'b000');
    expect(ids(plan)).toEqual(['n000', 'm000']);
    expect(plan.toHeads).toEqual(['b000', 'c000']);
  });

  it('downgrades through a merge to base', () => {
    const plan = down(['n000'], 'base');
    expect(ids(plan)).toEqual(['n000', 'm000', 'c000', 'b000', 'a000']);
    expect(changes(plan)).toEqual([
      { kind: 'update', from: 'n000', to: 'm000' },
      { kind: 'unmerge', insert: ['c000'], update: { from: 'm000', to: 'b000' } },
      { kind: 'delete', revision: 'c000' },
      { kind: 'update', from: 'b000', to: 'a000' },
      { kind: 'delete', revision: 'a000' },
    ]);
  });

  it('merges three parents', () => {
    const g3 = graph({ a000: null, b000: 'a000', c000: 'a000', d000: 'a000', m000: ['d000', 'b000', 'c000'] });
    const plan = planUpgrade(g3, [], 'head');
    checkPlan(g3, plan);
    expect(ids(plan)).toEqual(['a000', 'd000', 'b000', 'c000', 'm000']);
    expect(plan.steps[4]!.change).toEqual({ kind: 'merge', delete: ['b000', 'c000'], update: { from: 'd000', to: 'm000' } });
    const back = planDowngrade(g3, ['m000'], '-1');
    checkPlan(g3, back);
    expect(back.steps[0]!.change).toEqual({ kind: 'unmerge', insert: ['b000', 'c000'], update: { from: 'm000', to: 'd000' } });
    expect(back.toHeads).toEqual(['b000', 'c000', 'd000']);
    const base = planDowngrade(g3, ['m000'], 'base');
    checkPlan(g3, base);
    expect(ids(base)).toEqual(['m000', 'c000', 'b000', 'd000', 'a000']);
  });

  it('updates only the parent that is a head when the other is followed by another branch', () => {
    // c000 -> c001 is applied, so c000 is applied but holds no row
    const g2 = graph({ a000: null, b000: 'a000', c000: 'a000', c001: 'c000', m000: ['b000', 'c000'] });
    const plan = planUpgrade(g2, ['b000', 'c001'], 'm000');
    checkPlan(g2, plan);
    expect(changes(plan)).toEqual([{ kind: 'update', from: 'b000', to: 'm000' }]);
    expect(plan.toHeads).toEqual(['c001', 'm000']);
    const back = planDowngrade(g2, ['c001', 'm000'], 'm000-1');
    checkPlan(g2, back);
    expect(changes(back)).toEqual([{ kind: 'update', from: 'm000', to: 'b000' }]);
    const entering = planUpgrade(g2, ['c001'], 'm000');
    checkPlan(g2, entering);
    expect(changes(entering)).toEqual([
      { kind: 'insert', revision: 'b000' },
      { kind: 'update', from: 'b000', to: 'm000' },
    ]);
  });

  it('branches again after a merge', () => {
    const g2 = graph({ a000: null, b000: 'a000', c000: 'a000', m000: ['b000', 'c000'], x000: 'm000', y000: 'm000' });
    const plan = planUpgrade(g2, [], 'heads');
    checkPlan(g2, plan);
    expect(ids(plan)).toEqual(['a000', 'b000', 'c000', 'm000', 'x000', 'y000']);
    expect(changes(plan).slice(4)).toEqual([
      { kind: 'update', from: 'm000', to: 'x000' },
      { kind: 'insert', revision: 'y000' },
    ]);
    const back = planDowngrade(g2, plan.toHeads, 'base');
    checkPlan(g2, back);
    expect(ids(back)).toEqual([...ids(plan)].reverse());
    expect(changes(back).slice(0, 3)).toEqual([
      { kind: 'delete', revision: 'y000' },
      { kind: 'update', from: 'x000', to: 'm000' },
      { kind: 'unmerge', insert: ['c000'], update: { from: 'm000', to: 'b000' } },
    ]);
  });
});

describe('dependsOn and several bases', () => {
  // two trees: a000 -> a001 (depends on n001), n000 -> n001 (label net)
  const g = graph({ a000: null, a001: { down: 'a000', deps: ['n001'] }, n000: { labels: ['net'] }, n001: 'n000' });

  it('runs dependencies first, and gives the dependency target no row', () => {
    const plan = planUpgrade(g, [], 'head');
    checkPlan(g, plan);
    expect(ids(plan)).toEqual(['a000', 'n000', 'n001', 'a001']);
    expect(changes(plan)).toEqual([
      { kind: 'insert', revision: 'a000' },
      { kind: 'insert', revision: 'n000' },
      { kind: 'update', from: 'n000', to: 'n001' },
      { kind: 'merge', delete: ['n001'], update: { from: 'a000', to: 'a001' } },
    ]);
    expect(plan.toHeads).toEqual(['a001']);
  });

  it('upgrades one tree by label', () => {
    expect(ids(planUpgrade(g, [], 'net@head'))).toEqual(['n000', 'n001']);
    expect(ids(planUpgrade(g, ['n001'], 'head'))).toEqual(['a000', 'a001']);
  });

  it('gives the dependency its row back on downgrade', () => {
    const plan = planDowngrade(g, ['a001'], '-1');
    checkPlan(g, plan);
    expect(plan.steps[0]!.change).toEqual({ kind: 'unmerge', insert: ['n001'], update: { from: 'a001', to: 'a000' } });
    expect(plan.toHeads).toEqual(['a000', 'n001']);
  });

  it('reverts dependents of a reverted dependency', () => {
    const plan = planDowngrade(g, ['a001'], 'net@base');
    checkPlan(g, plan);
    expect(ids(plan)).toEqual(['a001', 'n001', 'n000']);
    expect(plan.toHeads).toEqual(['a000']);
    const keepNet = planDowngrade(g, ['a001'], 'n000');
    checkPlan(g, keepNet);
    expect(ids(keepNet)).toEqual(['a001', 'n001']);
    expect(keepNet.toHeads).toEqual(['a000', 'n000']);
  });

  it('downgrades base over both trees', () => {
    const plan = planDowngrade(g, ['a001'], 'base');
    checkPlan(g, plan);
    expect(plan.toHeads).toEqual([]);
    expect(ids(plan)).toEqual(['a001', 'n001', 'n000', 'a000']);
  });

  it('does not give a dependency a row when it is also below a parent', () => {
    const g2 = graph({ a000: null, a001: 'a000', a002: { down: 'a001', deps: ['a000'] } });
    const plan = planDowngrade(g2, ['a002'], '-1');
    checkPlan(g2, plan);
    expect(plan.steps[0]!.change).toEqual({ kind: 'update', from: 'a002', to: 'a001' });
  });

  it('keeps independent bases apart', () => {
    const g2 = graph({ a000: null, a001: 'a000', x000: null, x001: 'x000' });
    const plan = planUpgrade(g2, [], 'heads');
    checkPlan(g2, plan);
    expect(changes(plan)).toEqual([
      { kind: 'insert', revision: 'a000' },
      { kind: 'update', from: 'a000', to: 'a001' },
      { kind: 'insert', revision: 'x000' },
      { kind: 'update', from: 'x000', to: 'x001' },
    ]);
    expect(() => planUpgrade(g2, [], '+1')).toThrow("Cannot go up from base: it has several next revisions: 'a000', 'x000'");
    expect(ids(planDowngrade(g2, ['a001', 'x001'], 'a000'))).toEqual(['a001']);
    expect(ids(planDowngrade(g2, ['a001', 'x001'], 'x001-2'))).toEqual(['x001', 'x000']);
    expect(ids(planDowngrade(g2, ['a001', 'x001'], 'base'))).toEqual(['x001', 'x000', 'a001', 'a000']);
  });
});

describe('random graphs', () => {
  // A small deterministic PRNG, so a failure reproduces.
  function rng(seed: number): () => number {
    let s = seed;
    return () => {
      s = (s * 1103515245 + 12345) % 2147483648;
      return s / 2147483648;
    };
  }

  it('keeps the version table equal to the heads of what is applied, for every step', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const rand = rng(seed);
      const spec: Record<string, { down: string[]; deps: string[] }> = {};
      const names: string[] = [];
      for (let i = 0; i < 14; i++) {
        const id = `r${String(i).padStart(3, '0')}`;
        const down = [...new Set(names.filter(() => rand() < 2 / (names.length + 1)))].slice(0, 3);
        const deps = names.filter((n) => !down.includes(n) && rand() < 0.05);
        spec[id] = { down, deps };
        names.push(id);
      }
      const g = graph(spec);
      const targets = ['heads', 'base', ...names];
      // a random applied state: upgrade to a random set of revisions
      const start = planUpgrade(g, [], names[Math.floor(rand() * names.length)]!);
      checkPlan(g, start);
      for (const target of targets) {
        const up = planUpgrade(g, start.toHeads, target);
        checkPlan(g, up);
        const reached = appliedRevisions(g, up.toHeads);
        const want = target === 'base' ? new Set<string>() : g.ancestors(target === 'heads' ? [...g.resolvedHeads] : [target], { includeSelf: true });
        for (const id of want) expect(reached.has(id)).toBe(true);
        if (target === 'heads' || target === 'base' || reached.has(target)) {
          const down = planDowngrade(g, up.toHeads, target);
          checkPlan(g, down);
          if (target !== 'heads') {
            const left = appliedRevisions(g, down.toHeads);
            const above = target === 'base' ? [...left] : [...g.descendants(target)].filter((id) => left.has(id));
            expect(above).toEqual([]);
          }
        }
      }
      // relative targets either plan correctly or refuse with a UserError (ambiguity, too far)
      for (const target of ['+1', '+2', '-1', '-2', ...names.flatMap((n) => [`${n}+1`, `${n}-1`, `${n}-2`])]) {
        for (const plan of [planUpgrade, planDowngrade]) {
          try {
            checkPlan(g, plan(g, start.toHeads, target));
          } catch (err) {
            if (!(err instanceof UserError)) throw err;
          }
        }
      }
    }
  });
});

describe('parseTarget and resolveRevisionSet', () => {
  const g = graph({ a000: null, b001: { down: 'a000', labels: ['bee'] }, b002: 'b001', c001: 'a000' });

  it('takes targets apart', () => {
    expect(parseTarget('head')).toEqual({ text: 'head', symbol: 'head' });
    expect(parseTarget(' -2 ')).toEqual({ text: '-2', relative: -2 });
    expect(parseTarget('ae10+3')).toEqual({ text: 'ae10+3', symbol: 'ae10', relative: 3 });
    expect(parseTarget('bee@head-1')).toEqual({ text: 'bee@head-1', branch: 'bee', symbol: 'head', relative: -1 });
    expect(parseTarget('bee@+1')).toEqual({ text: 'bee@+1', branch: 'bee', relative: 1 });
    expect(parseTarget('bee@b001')).toEqual({ text: 'bee@b001', branch: 'bee', symbol: 'b001' });
    expect(() => parseTarget('a:b')).toThrow(/Malformed/);
    expect(() => parseTarget('a@b@c')).toThrow(/Malformed/);
  });

  it('resolves sets for stamp-like uses', () => {
    expect(resolveRevisionSet(g, 'heads')).toEqual(['b002', 'c001']);
    expect(resolveRevisionSet(g, 'base')).toEqual([]);
    expect(resolveRevisionSet(g, 'bee@head')).toEqual(['b002']);
    expect(resolveRevisionSet(g, 'b002-1')).toEqual(['b001']);
    expect(resolveRevisionSet(g, 'bee@base+1')).toEqual(['a000']);
    expect(resolveRevisionSet(g, 'current', ['b001'])).toEqual(['b001']);
    expect(() => resolveRevisionSet(g, '+1')).toThrow(/relative to the database state/);
    expect(() => resolveRevisionSet(g, 'heads+1')).toThrow(/several revisions/);
  });
});

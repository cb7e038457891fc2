import { RevisionDescriber } from '../../src/commands/revision-info.js';
import { branchLabelCoverage, branchLabelsByRevision } from '../../src/revisions/branch-label-coverage.js';
import { RevisionGraph } from '../../src/revisions/revision-graph.js';
import { parseRevisionRange, rangeNeedsCurrent, revisionsInRange } from '../../src/revisions/revision-range.js';
import { UserError } from '../../src/util/errors.js';
import { graph } from './revision-fixtures.js';

/**
 *   b000 -> ra -> rb1 ---------> mm -> rd1
 *              \-> rc1 -> rc2 -/   \-> re1 (dependsOn rd1)
 *   (rc1 carries the label `feature`; aud1 -> aud2 is a second root labelled `audit`)
 */
const g = graph({
  b000: null,
  ra00: 'b000',
  rb10: 'ra00',
  rc10: { down: 'ra00', labels: ['feature'] },
  rc20: 'rc10',
  mm00: ['rb10', 'rc20'],
  rd10: 'mm00',
  re10: { down: 'mm00', deps: ['rd10'] },
  aud1: { labels: ['audit'] },
  aud2: 'aud1',
});

const range = (text: string, current: string[] = []) => revisionsInRange(g, parseRevisionRange(text), current);

describe('revision ranges (history -r)', () => {
  it('parses FROM:TO with either side open', () => {
    expect(parseRevisionRange('a:b')).toEqual({ from: 'a', to: 'b' });
    expect(parseRevisionRange(':b')).toEqual({ from: null, to: 'b' });
    expect(parseRevisionRange('a:')).toEqual({ from: 'a', to: null });
    expect(parseRevisionRange(':')).toEqual({ from: null, to: null });
    for (const bad of ['a', 'a:b:c', '']) expect(() => parseRevisionRange(bad)).toThrow(/Malformed revision range/);
  });

  it('knows when the database is needed', () => {
    expect(rangeNeedsCurrent(parseRevisionRange('current:'))).toBe(true);
    expect(rangeNeedsCurrent(parseRevisionRange('-3:current'))).toBe(true);
    expect(rangeNeedsCurrent(parseRevisionRange('base:heads'))).toBe(false);
    expect(rangeNeedsCurrent(parseRevisionRange('rc10:feature@head'))).toBe(false);
  });

  it('an open range is the whole history, newest first', () => {
    expect(range(':')).toEqual(g.history().map((n) => n.revision));
    expect(range('base:heads')).toEqual(range(':'));
  });

  it('takes the revisions between FROM and TO, FROM included, only above FROM', () => {
    expect(range('rc10:mm00')).toEqual(['mm00', 'rc20', 'rc10']);
    expect(range('ra00:rb10')).toEqual(['rb10', 'ra00']);
    expect(range(':rb10')).toEqual(['rb10', 'ra00', 'b000']);
    // the dependency is part of what upgrading to re10 applies
    expect(range('mm00:re10')).toEqual(['re10', 'rd10', 'mm00']);
    expect(range('aud1:')).toEqual(['aud2', 'aud1']);
  });

  it('reads current from the rows given', () => {
    expect(range('current:', ['mm00', 'aud1'])).toEqual(['re10', 'rd10', 'mm00', 'aud2', 'aud1']);
    expect(range(':current', ['rb10', 'rc10'])).toEqual(['rc10', 'rb10', 'ra00', 'b000']);
    expect(range(':current', [])).toEqual([]);
  });

  it('counts a bare -N on the left down from the right side, a bare +N on the right up from the left', () => {
    expect(range('-1:current', ['mm00'])).toEqual(['mm00', 'rc20', 'rb10']);
    expect(range('-2:rc20')).toEqual(['rc20', 'rc10', 'ra00']);
    // past the first revision: from base, as Alembic's history
    expect(range('-9:rb10')).toEqual(['rb10', 'ra00', 'b000']);
    expect(range('rc10:+1')).toEqual(['rc20', 'rc10']);
    expect(range('feature:feature@+1')).toEqual(['rc20', 'rc10']);
    expect(() => range('-1:+1')).toThrow(/no fixed end/);
    expect(() => range('ra00:+1')).toThrow(/several next revisions/);
  });

  it('LABEL@base starts at the branch, not at the graph base', () => {
    expect(range('audit@base:')).toEqual(['aud2', 'aud1']);
    expect(range('feature@base:rc20')).toEqual(['rc20', 'rc10']);
  });

  it('refuses a FROM that is not below TO, naming both', () => {
    expect(() => range('rb10:rc20')).toThrow(UserError);
    expect(() => range('rb10:rc20')).toThrow("Revision 'rb10' is not below 'rc20'");
    expect(() => range('nope:')).toThrow(/No such revision/);
  });
});

describe('branch label coverage', () => {
  it('covers the labelled revision, its descendants, and its ancestors back to a branch point', () => {
    const coverage = branchLabelCoverage(g);
    expect([...coverage.get('feature')!].sort()).toEqual(['mm00', 'rc10', 'rc20', 'rd10', 're10']);
    expect([...coverage.get('audit')!].sort()).toEqual(['aud1', 'aud2']);
    const linear = graph({ r1: null, r2: 'r1', r3: { down: 'r2', labels: ['x'] }, r4: 'r3' });
    expect([...branchLabelCoverage(linear).get('x')!].sort()).toEqual(['r1', 'r2', 'r3', 'r4']);
  });

  it('agrees with RevisionGraph.branchLabelsOf for every revision', () => {
    const byRevision = branchLabelsByRevision(g);
    for (const node of g.history()) expect(byRevision.get(node.revision) ?? []).toEqual(g.branchLabelsOf(node.revision));
  });
});

describe('RevisionDescriber', () => {
  it('marks heads, effective heads, branch and merge points, and current rows when given', () => {
    const d = new RevisionDescriber(g, ['mm00']);
    expect(d.describe('re10')).toMatchObject({ isHead: true, isEffectiveHead: false, dependsOn: ['rd10'], branchLabels: ['feature'], isCurrent: false });
    expect(d.describe('rd10')).toMatchObject({ isHead: false, isEffectiveHead: true, dependents: ['re10'] });
    expect(d.describe('mm00')).toMatchObject({ isBranchPoint: true, isMergePoint: true, isCurrent: true, children: ['rd10', 're10'] });
    expect(d.describe('ra00')).toMatchObject({ isBranchPoint: true, isMergePoint: false, isHead: false, branchLabels: [] });
    expect(new RevisionDescriber(g).describe('mm00').isCurrent).toBeNull();
  });

  it('reads the Create Date line of the doc comment', () => {
    const withDoc = RevisionGraph.build([
      { revision: 'r1', downRevisions: [], branchLabels: [], dependsOn: [], doc: 'make it\n\nRevision ID: r1\nCreate Date: 2026-11-21 10:00:00' },
    ]);
    expect(new RevisionDescriber(withDoc).describe('r1')).toMatchObject({ createDate: '2026-11-21 10:00:00', doc: expect.stringContaining('make it') });
    expect(new RevisionDescriber(g).describe('b000').createDate).toBeNull();
  });
});

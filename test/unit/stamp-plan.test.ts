/** `orm stamp` as pure graph walks: the rows it leaves and the row statements that get there. */
import { planStamp, rowChanges } from '../../src/revisions/stamp-plan.js';
import { UserError } from '../../src/util/errors.js';
import { graph } from './revision-fixtures.js';

// r -> a1 -> a2 (label A), r -> b1 -> b2 (label B), b2 and a2 merged by m; x is a second base (label X).
const G = graph({
  r: null,
  a1: { down: 'r', labels: ['A'] },
  a2: 'a1',
  b1: { down: 'r', labels: ['B'] },
  b2: 'b1',
  m: ['a2', 'b2'],
  x: { down: null, labels: ['X'] },
});

describe('planStamp', () => {
  it('from base to a revision inserts one row', () => {
    expect(planStamp(G, [], ['a2'])).toEqual({ fromHeads: [], toHeads: ['a2'], rows: [{ op: 'insert', revision: 'a2' }] });
  });

  it('up and down a line update the row in place', () => {
    expect(planStamp(G, ['a1'], ['a2']).rows).toEqual([{ op: 'update', from: 'a1', to: 'a2' }]);
    expect(planStamp(G, ['a2'], ['r']).rows).toEqual([{ op: 'update', from: 'a2', to: 'r' }]);
  });

  it('a target already in the table changes nothing', () => {
    expect(planStamp(G, ['a2', 'b1'], ['b1'])).toEqual({ fromHeads: ['a2', 'b1'], toHeads: ['a2', 'b1'], rows: [] });
  });

  it('base removes every row', () => {
    expect(planStamp(G, ['a2', 'b1', 'x'], ['base'])).toEqual({
      fromHeads: ['a2', 'b1', 'x'],
      toHeads: [],
      rows: [
        { op: 'delete', revision: 'a2' },
        { op: 'delete', revision: 'b1' },
        { op: 'delete', revision: 'x' },
      ],
    });
  });

  it('a revision on another branch adds a row and leaves the others alone', () => {
    expect(planStamp(G, ['a2'], ['b1'])).toEqual({ fromHeads: ['a2'], toHeads: ['a2', 'b1'], rows: [{ op: 'insert', revision: 'b1' }] });
    expect(planStamp(G, ['a2'], ['x']).toHeads).toEqual(['a2', 'x']);
  });

  it('several targets reach several branches', () => {
    expect(planStamp(G, ['r'], ['a2', 'b2'])).toEqual({
      fromHeads: ['r'],
      toHeads: ['a2', 'b2'],
      rows: [
        { op: 'update', from: 'r', to: 'a2' },
        { op: 'insert', revision: 'b2' },
      ],
    });
    expect(planStamp(G, [], ['heads']).toHeads).toEqual(['m', 'x']);
  });

  it('stamping a merge point replaces both branch rows; stamping below it splits them again', () => {
    expect(planStamp(G, ['a2', 'b2'], ['m']).rows).toEqual([
      { op: 'delete', revision: 'b2' },
      { op: 'update', from: 'a2', to: 'm' },
    ]);
    expect(planStamp(G, ['m'], ['a1']).toHeads).toEqual(['a1', 'b2']);
  });

  it('LABEL@base clears that branch only', () => {
    expect(planStamp(G, ['a2', 'x'], ['X@base'])).toEqual({ fromHeads: ['a2', 'x'], toHeads: ['a2'], rows: [{ op: 'delete', revision: 'x' }] });
  });

  it('rows that are not valid need --purge', () => {
    for (const rows of [['nothere'], ['a1', 'a2']]) {
      const error = (() => {
        try {
          planStamp(G, rows, ['head']);
          return null;
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).hint).toContain('--purge');
    }
  });

  it('head with several heads is an error naming them', () => {
    expect(() => planStamp(G, [], ['head'])).toThrow(/'head' is ambiguous.*'m', 'x'/);
  });
});

describe('rowChanges', () => {
  it('deletes first, then updates along a line, then inserts', () => {
    expect(rowChanges(G, ['a1', 'x'], ['a2', 'b1'])).toEqual([
      { op: 'delete', revision: 'x' },
      { op: 'update', from: 'a1', to: 'a2' },
      { op: 'insert', revision: 'b1' },
    ]);
  });
});

import { applyVersionChange, versionChangeFor, versionRowOps } from '../../src/revisions/version-change.js';
import type { VersionChange } from '../../src/revisions/version-change.js';
import { UserError } from '../../src/util/errors.js';
import { graph } from './revision-fixtures.js';

// a000 -> b000 -> m000 <- c000 <- a000; m000 -> n000; x000 (another base)
const g = graph({ a000: null, b000: 'a000', c000: 'a000', m000: ['b000', 'c000'], n000: 'm000', x000: null });

describe('versionChangeFor', () => {
  it.each<[string, string[], 'up' | 'down', string, VersionChange, string[]]>([
    ['upgrade of a base', [], 'up', 'a000', { kind: 'insert', revision: 'a000' }, ['a000']],
    ['upgrade of a second base', ['n000'], 'up', 'x000', { kind: 'insert', revision: 'x000' }, ['n000', 'x000']],
    ['linear upgrade', ['a000'], 'up', 'b000', { kind: 'update', from: 'a000', to: 'b000' }, ['b000']],
    ['entering a branch from an applied branch point', ['b000'], 'up', 'c000', { kind: 'insert', revision: 'c000' }, ['b000', 'c000']],
    [
      'upgrade of a merge point',
      ['b000', 'c000'],
      'up',
      'm000',
      { kind: 'merge', delete: ['c000'], update: { from: 'b000', to: 'm000' } },
      ['m000'],
    ],
    ['linear downgrade', ['n000'], 'down', 'n000', { kind: 'update', from: 'n000', to: 'm000' }, ['m000']],
    ['downgrade of a base', ['a000', 'x000'], 'down', 'a000', { kind: 'delete', revision: 'a000' }, ['x000']],
    ['leaving a branch whose parent stays below another head', ['b000', 'c000'], 'down', 'c000', { kind: 'delete', revision: 'c000' }, ['b000']],
    ['downgrade to a branch point that becomes a head', ['c000'], 'down', 'c000', { kind: 'update', from: 'c000', to: 'a000' }, ['a000']],
    [
      'downgrade of a merge point',
      ['m000'],
      'down',
      'm000',
      { kind: 'unmerge', insert: ['c000'], update: { from: 'm000', to: 'b000' } },
      ['b000', 'c000'],
    ],
  ])('%s', (_name, heads, direction, revision, change, after) => {
    expect(versionChangeFor(g, heads, { revision, direction })).toEqual(change);
    expect(applyVersionChange(heads, change)).toEqual(after);
  });

  it('refuses to upgrade a head or to downgrade a revision that is not a head', () => {
    expect(() => versionChangeFor(g, ['b000'], { revision: 'b000', direction: 'up' })).toThrow(UserError);
    expect(() => versionChangeFor(g, ['b000'], { revision: 'a000', direction: 'down' })).toThrow(/not a current head/);
    expect(() => versionChangeFor(g, [], { revision: 'nope', direction: 'up' })).toThrow(/No such revision/);
  });
});

describe('applyVersionChange', () => {
  it('applies each kind', () => {
    expect(applyVersionChange(['b000'], { kind: 'insert', revision: 'c000' })).toEqual(['b000', 'c000']);
    expect(applyVersionChange(['b000', 'c000'], { kind: 'delete', revision: 'c000' })).toEqual(['b000']);
    expect(applyVersionChange(new Set(['a000']), { kind: 'update', from: 'a000', to: 'b000' })).toEqual(['b000']);
  });

  it('refuses a change that does not fit the heads', () => {
    expect(() => applyVersionChange(['a000'], { kind: 'delete', revision: 'b000' })).toThrow(/not a head/);
    expect(() => applyVersionChange(['a000'], { kind: 'insert', revision: 'a000' })).toThrow(/twice/);
    expect(() => applyVersionChange([], { kind: 'update', from: 'a000', to: 'b000' })).toThrow(/not a head/);
  });
});

describe('versionRowOps', () => {
  it('lists the row statements in order', () => {
    expect(versionRowOps({ kind: 'merge', delete: ['c000', 'd000'], update: { from: 'b000', to: 'm000' } })).toEqual([
      { op: 'delete', revision: 'c000' },
      { op: 'delete', revision: 'd000' },
      { op: 'update', from: 'b000', to: 'm000' },
    ]);
    expect(versionRowOps({ kind: 'unmerge', insert: ['c000'], update: { from: 'm000', to: 'b000' } })).toEqual([
      { op: 'insert', revision: 'c000' },
      { op: 'update', from: 'm000', to: 'b000' },
    ]);
    expect(versionRowOps({ kind: 'insert', revision: 'a000' })).toEqual([{ op: 'insert', revision: 'a000' }]);
  });
});

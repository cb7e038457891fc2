import { RevisionGraph } from '../../src/revisions/revision-graph.js';
import { UserError } from '../../src/util/errors.js';
import { graph, headers } from './revision-fixtures.js';

function errorOf(fn: () => unknown): UserError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return err as UserError;
  }
  throw new Error('expected a UserError');
}

describe('RevisionGraph.build', () => {
  it('links a linear chain', () => {
    const g = graph({ r001: null, r002: 'r001', r003: 'r002' });
    expect(g.size).toBe(3);
    expect(g.heads).toEqual(['r003']);
    expect(g.resolvedHeads).toEqual(['r003']);
    expect(g.bases).toEqual(['r001']);
    expect(g.node('r002').children).toEqual(['r003']);
    expect(g.node('r002').downRevisions).toEqual(['r001']);
    expect(g.get('nope')).toBeUndefined();
    expect(g.has('r001')).toBe(true);
  });

  it('handles an empty directory', () => {
    const g = graph({});
    expect(g.heads).toEqual([]);
    expect(g.bases).toEqual([]);
    expect(g.history()).toEqual([]);
  });

  it('finds branch points, merges and several bases', () => {
    const g = graph({ a000: null, b001: 'a000', c001: 'a000', m000: ['b001', 'c001'], x000: null, x001: 'x000' });
    expect(g.heads).toEqual(['m000', 'x001']);
    expect(g.bases).toEqual(['a000', 'x000']);
    expect(g.branchPoints).toEqual(['a000']);
    expect(g.node('m000').downRevisions).toEqual(['b001', 'c001']);
    expect(g.node('a000').children).toEqual(['b001', 'c001']);
  });

  it('keeps a dependency target out of the resolved heads', () => {
    const g = graph({ a000: null, a001: { down: 'a000', deps: ['n001'] }, n000: null, n001: 'n000' });
    expect(g.heads).toEqual(['a001', 'n001']);
    expect(g.resolvedHeads).toEqual(['a001']);
    expect(g.node('n001').dependents).toEqual(['a001']);
    expect(g.node('a001').parents).toEqual(['a000', 'n001']);
  });

  it('resolves dependsOn given as a branch label', () => {
    const g = graph({ a000: null, a001: { down: 'a000', deps: ['net'] }, n000: { labels: ['net'] } });
    expect(g.node('a001').dependsOn).toEqual(['n000']);
    expect(g.labelOwner('net')).toBe('n000');
    expect(g.branchLabels).toEqual(['net']);
  });

  it('reports duplicate revision ids naming both files', () => {
    const hs = headers({ a000: null, b000: 'a000' });
    hs.push({ ...hs[1]!, path: 'versions/copy.ts' });
    const err = errorOf(() => RevisionGraph.build(hs));
    expect(err.message).toContain("'b000'");
    expect(err.message).toContain('versions/b000.ts');
    expect(err.message).toContain('versions/copy.ts');
    expect(err.hint).toBeDefined();
  });

  it('reports a downRevision naming no revision', () => {
    const err = errorOf(() => graph({ a000: null, b000: 'a00x' }));
    expect(err.message).toContain("'b000' (versions/b000.ts): downRevision 'a00x' names no revision");
    expect(err.hint).toContain('a000');
  });

  it('reports a dependsOn naming no revision or label', () => {
    const err = errorOf(() => graph({ a000: null, b000: { down: 'a000', deps: ['ghost'] } }));
    expect(err.message).toContain("dependsOn 'ghost' names no revision");
  });

  it('reports a cycle naming its revisions', () => {
    const err = errorOf(() => graph({ a000: null, b000: ['a000', 'd000'], c000: 'b000', d000: 'c000', e000: 'd000' }));
    expect(err.message).toMatch(/^Revision cycle: /);
    for (const id of ['b000', 'c000', 'd000']) expect(err.message).toContain(`'${id}'`);
    expect(err.message).not.toContain("'a000'");
    expect(err.message).not.toContain("'e000'");
  });

  it('reports a revision that is its own down revision', () => {
    expect(errorOf(() => graph({ a000: 'a000' })).message).toContain("'a000' (versions/a000.ts) -> 'a000'");
  });

  it('reports a cycle through dependsOn', () => {
    const err = errorOf(() => graph({ a000: { deps: ['b000'] }, b000: 'a000' }));
    expect(err.message).toMatch(/^Revision cycle/);
  });

  it('reports duplicate branch labels', () => {
    const err = errorOf(() => graph({ a000: { labels: ['x'] }, b000: { down: 'a000', labels: ['x'] } }));
    expect(err.message).toContain("Branch label 'x' is used by two revisions");
    expect(err.message).toContain('versions/a000.ts');
    expect(err.message).toContain('versions/b000.ts');
  });

  it.each([['head'], ['ab@c'], ['a-1'], ['x'.repeat(33)], ['with space']])('rejects the revision id %j', (id) => {
    expect(() => graph({ [id]: null })).toThrow(/Invalid revision id/);
  });

  it('rejects a label that is also a revision id', () => {
    expect(() => graph({ a000: null, b000: { down: 'a000', labels: ['a000'] } })).toThrow(/also a revision id/);
  });
});

describe('RevisionGraph queries', () => {
  const spec = {
    a000: null,
    b001: { down: 'a000', labels: ['bee'] },
    b002: 'b001',
    c001: 'a000',
    c002: 'c001',
    m000: ['b002', 'c002'],
    n001: 'm000',
    n002: 'm000',
    z000: { deps: ['b001'] },
  };
  const g = graph(spec);

  it('walks ancestors and descendants', () => {
    expect([...g.ancestors('m000')].sort()).toEqual(['a000', 'b001', 'b002', 'c001', 'c002']);
    expect([...g.ancestors('m000', { includeSelf: true })]).toContain('m000');
    expect([...g.descendants('b001')].sort()).toEqual(['b002', 'm000', 'n001', 'n002', 'z000']);
    expect([...g.descendants('b001', { includeDependencies: false })].sort()).toEqual(['b002', 'm000', 'n001', 'n002']);
    expect([...g.ancestors('z000', { includeDependencies: false })]).toEqual([]);
    expect([...g.ancestors(['b002', 'c001'])].sort()).toEqual(['a000', 'b001']);
  });

  it('answers isAncestor', () => {
    expect(g.isAncestor('a000', 'n002')).toBe(true);
    expect(g.isAncestor('n002', 'a000')).toBe(false);
    expect(g.isAncestor('b001', 'c002')).toBe(false);
    expect(g.isAncestor('b001', 'z000')).toBe(true);
    expect(g.isAncestor('b001', 'z000', { includeDependencies: false })).toBe(false);
    expect(g.isAncestor('a000', 'a000')).toBe(false);
    expect(() => g.isAncestor('nope', 'a000')).toThrow(UserError);
  });

  it('lists history newest first, each revision before its parents, deterministically', () => {
    const order = g.history().map((n) => n.revision);
    expect(order).toEqual(['z000', 'n002', 'n001', 'm000', 'c002', 'c001', 'b002', 'b001', 'a000']);
    const at = new Map(order.map((id, i) => [id, i]));
    for (const id of order) for (const p of g.node(id).parents) expect(at.get(p)!).toBeGreaterThan(at.get(id)!);
    const shuffled = RevisionGraph.build(headers(spec).reverse());
    expect(shuffled.history().map((n) => n.revision)).toEqual(order);
  });

  it('propagates branch labels like Alembic', () => {
    expect(g.branchLabelsOf('b001')).toEqual(['bee']);
    expect(g.branchLabelsOf('b002')).toEqual(['bee']);
    expect(g.branchLabelsOf('n001')).toEqual(['bee']);
    expect(g.branchLabelsOf('a000')).toEqual([]); // a branch point stops the walk down
    expect(g.branchLabelsOf('c001')).toEqual([]);
    const linear = graph({ a000: null, b000: 'a000', c000: { down: 'b000', labels: ['l'] } });
    expect(linear.branchLabelsOf('a000')).toEqual(['l']);
  });
});

describe('RevisionGraph.resolve', () => {
  const g = graph({
    ae1027a6acf0: null,
    ae10f3b2c911: 'ae1027a6acf0',
    '1975ea83b712': { down: 'ae10f3b2c911', labels: ['shop'] },
    abc: '1975ea83b712',
  });

  it('finds full ids, labels and unique prefixes of any length', () => {
    expect(g.resolve('ae1027a6acf0').revision).toBe('ae1027a6acf0');
    expect(g.resolve('shop').revision).toBe('1975ea83b712');
    expect(g.resolve('ae102').revision).toBe('ae1027a6acf0');
    expect(g.resolve('1').revision).toBe('1975ea83b712');
    expect(g.resolve('abc').revision).toBe('abc');
  });

  it('does not match short ids by prefix (Alembic: only ids longer than 3)', () => {
    expect(() => g.resolve('ab')).toThrow(/No such revision or branch label 'ab'/);
  });

  it('lists the candidates of an ambiguous prefix', () => {
    const err = errorOf(() => g.resolve('ae10'));
    expect(err.message).toBe("Revision 'ae10' is ambiguous: 'ae1027a6acf0', 'ae10f3b2c911' start with it");
    expect(err.hint).toMatch(/more characters/);
  });

  it('names the closest ids of an unknown one', () => {
    const err = errorOf(() => g.resolve('ae1x'));
    expect(err.message).toBe("No such revision or branch label 'ae1x'");
    expect(err.hint).toContain("'ae1027a6acf0', 'ae10f3b2c911'");
    expect(errorOf(() => g.resolve('ff')).hint).toMatch(/at least four characters.*Heads: 'abc'/);
  });

  it('caps the candidate list at ten', () => {
    const many = graph(Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`dead${String(i).padStart(4, '0')}`, null])));
    expect(errorOf(() => many.resolve('dead')).message).toMatch(/'dead0009' and 5 more start with it$/);
  });

  it('restricts prefix candidates to a set', () => {
    expect(g.resolve('ae10', new Set(['ae10f3b2c911'])).revision).toBe('ae10f3b2c911');
  });
});

import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  newRevisionId,
  readRevisionDirectory,
  readRevisionTemplate,
  writeRevisionFile,
} from '../../src/revisions/revision-directory.js';
import { RevisionGraph } from '../../src/revisions/revision-graph.js';
import { formatCreateDate, renderRevisionTemplate, revisionSlug, tsLiteral } from '../../src/revisions/revision-template.js';
import { UserError } from '../../src/util/errors.js';

const TEMPLATE_PATH = fileURLToPath(new URL('../../migrations-template/generic/migrations/script.ts.tmpl', import.meta.url));

const revisionSource = (id: string, down: string | null, message = `message ${id}`) =>
  `/**\n * ${message}\n */\nexport const revision = '${id}';\nexport const downRevision = ${down === null ? 'null' : `'${down}'`};\n`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'orm-revisions-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readRevisionDirectory', () => {
  it('reads .ts, .mts, .js and .mjs headers, skipping declarations, hidden and _ files', async () => {
    await writeFile(join(dir, 'aaaa_first.ts'), revisionSource('aaaa', null));
    await writeFile(join(dir, 'bbbb_second.mts'), revisionSource('bbbb', 'aaaa'));
    await writeFile(join(dir, 'cccc_third.js'), revisionSource('cccc', 'bbbb'));
    await writeFile(join(dir, 'dddd_fourth.mjs'), revisionSource('dddd', 'cccc'));
    await writeFile(join(dir, 'aaaa_first.d.ts'), 'export declare const revision: string;');
    await writeFile(join(dir, '_helpers.ts'), 'export const x = 1;');
    await writeFile(join(dir, '.hidden.ts'), 'nope');
    await writeFile(join(dir, 'README.md'), '# notes');
    await writeFile(join(dir, '.gitkeep'), '');
    await mkdir(join(dir, 'sub'));
    await writeFile(join(dir, 'sub', 'eeee_nested.ts'), revisionSource('eeee', 'dddd'));

    const headers = await readRevisionDirectory([dir]);
    expect(headers.map((h) => h.revision)).toEqual(['aaaa', 'bbbb', 'cccc', 'dddd']);
    expect(headers[1]).toEqual({
      revision: 'bbbb',
      downRevisions: ['aaaa'],
      branchLabels: [],
      dependsOn: [],
      message: 'message bbbb',
      doc: 'message bbbb',
      path: join(dir, 'bbbb_second.mts'),
    });
    expect((await readRevisionDirectory([dir], { recursive: true })).map((h) => h.revision)).toContain('eeee');
  });

  it('reads several directories and an empty one', async () => {
    await mkdir(join(dir, 'a'));
    await mkdir(join(dir, 'b'));
    await mkdir(join(dir, 'empty'));
    await writeFile(join(dir, 'a', 'x1_x.ts'), revisionSource('x001', null));
    await writeFile(join(dir, 'b', 'y1_y.ts'), revisionSource('y001', null));
    const headers = await readRevisionDirectory([join(dir, 'a'), join(dir, 'b'), join(dir, 'empty')]);
    expect(headers.map((h) => h.revision)).toEqual(['x001', 'y001']);
    expect(await readRevisionDirectory([join(dir, 'empty')])).toEqual([]);
  });

  it('reports a missing directory', async () => {
    await expect(readRevisionDirectory([join(dir, 'nope')])).rejects.toThrow(/The version directory .*nope does not exist/);
  });

  it('reports a file that is not a revision, naming it and the line', async () => {
    await writeFile(join(dir, 'aaaa_ok.ts'), revisionSource('aaaa', null));
    await writeFile(join(dir, 'bbbb_bad.ts'), "export const revision = 'bbbb';\nexport const downRevision = pick();\n");
    const err: unknown = await readRevisionDirectory([dir]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toContain(`${join(dir, 'bbbb_bad.ts')}:2:`);
  });

  it('lets the graph name both files of a duplicated id', async () => {
    await writeFile(join(dir, 'aaaa_one.ts'), revisionSource('aaaa', null));
    await writeFile(join(dir, 'aaaa_one.js'), revisionSource('aaaa', null));
    const headers = await readRevisionDirectory([dir]);
    expect(() => RevisionGraph.build(headers)).toThrow(`Duplicate revision id 'aaaa': ${join(dir, 'aaaa_one.js')} and ${join(dir, 'aaaa_one.ts')}`);
  });

  it('reads 1,000 files', async () => {
    await Promise.all(
      Array.from({ length: 1000 }, (_, i) => {
        const id = `r${String(i).padStart(5, '0')}`;
        const down = i === 0 ? null : `r${String(i - 1).padStart(5, '0')}`;
        return writeFile(join(dir, `${id}_x.ts`), revisionSource(id, down));
      }),
    );
    const graph = RevisionGraph.build(await readRevisionDirectory([dir]));
    expect(graph.size).toBe(1000);
    expect(graph.heads).toEqual(['r00999']);
  });
});

describe('writeRevisionFile', () => {
  it('writes exactly the revision file format of the contract', async () => {
    const path = await writeRevisionFile({
      dir,
      template: await readRevisionTemplate(TEMPLATE_PATH),
      revision: '3f2a9c1d7b40',
      downRevisions: ['9b1e0c2a4d11'],
      message: 'create users',
      createDate: '2026-11-21 10:00:00',
      upgradeBody: "op.createTable('users', ...);",
      downgradeBody: "op.dropTable('users');",
    });
    expect(path).toBe(join(dir, '3f2a9c1d7b40_create_users.ts'));
    expect(await readFile(path, 'utf8')).toBe(`/**
 * create users
 *
 * Revision ID: 3f2a9c1d7b40
 * Revises: 9b1e0c2a4d11
 * Create Date: 2026-11-21 10:00:00
 */
import type { Operations } from 'orm';

export const revision = '3f2a9c1d7b40';
export const downRevision: string | string[] | null = '9b1e0c2a4d11';
export const branchLabels: string[] | null = null;
export const dependsOn: string[] | null = null;

export async function upgrade(op: Operations): Promise<void> {
  op.createTable('users', ...);
}

export async function downgrade(op: Operations): Promise<void> {
  op.dropTable('users');
}
`);
  });

  it('writes a merge, labels, dependencies, imports and multi-line bodies, and reads them back', async () => {
    const template = await readRevisionTemplate(TEMPLATE_PATH);
    const path = await writeRevisionFile({
      dir,
      template,
      revision: 'abcdef012345',
      downRevisions: ['aaaa', 'bbbb'],
      branchLabels: ['shop'],
      dependsOn: ['net'],
      message: 'Merge heads: shop & net\n\nlonger explanation',
      createDate: new Date(2026, 0, 2, 3, 4, 5),
      imports: "import { seed } from '../../src/seed.js';",
      upgradeBody: "if (true) {\n  op.execute('select 1');\n}\n\nawait seed(op);",
      downgradeBody: '',
    });
    expect(path).toBe(join(dir, 'abcdef012345_merge_heads_shop_net_longer_explanation.ts'));
    const source = await readFile(path, 'utf8');
    expect(source).toContain(' * Merge heads: shop & net\n *\n * longer explanation\n *\n * Revision ID: abcdef012345\n');
    expect(source).toContain(' * Revises: aaaa, bbbb\n * Create Date: 2026-01-02 03:04:05\n');
    expect(source).toContain("import type { Operations } from 'orm';\nimport { seed } from '../../src/seed.js';\n\nexport const revision");
    expect(source).toContain("export const downRevision: string | string[] | null = ['aaaa', 'bbbb'];");
    expect(source).toContain("export const branchLabels: string[] | null = ['shop'];");
    expect(source).toContain("export const dependsOn: string[] | null = ['net'];");
    expect(source).toContain("{\n  if (true) {\n    op.execute('select 1');\n  }\n\n  await seed(op);\n}");
    expect(source).toContain('export async function downgrade(op: Operations): Promise<void> {\n}\n');
    expect(source).not.toMatch(/[ \t]$/m);
    const [header] = await readRevisionDirectory([dir]);
    expect(header).toMatchObject({
      revision: 'abcdef012345',
      downRevisions: ['aaaa', 'bbbb'],
      branchLabels: ['shop'],
      dependsOn: ['net'],
      message: 'Merge heads: shop & net',
    });
  });

  it('writes a base revision with default bodies', async () => {
    const path = await writeRevisionFile({
      dir: join(dir, 'versions'),
      template: await readRevisionTemplate(TEMPLATE_PATH),
      revision: newRevisionId(),
      downRevisions: [],
      message: 'init',
      createDate: new Date(),
    });
    const source = await readFile(path, 'utf8');
    expect(source).toContain(' * Revises:\n');
    expect(source).toContain('export const downRevision: string | string[] | null = null;');
    expect(source).toMatch(/upgrade\(op: Operations\): Promise<void> \{\n {2}\/\/ .+\n\}/);
  });

  it('refuses to overwrite a file', async () => {
    const options = { dir, template: await readRevisionTemplate(TEMPLATE_PATH), revision: 'aaaa1111', downRevisions: [], message: 'x', createDate: '2026-01-01 00:00:00' };
    await writeRevisionFile(options);
    await expect(writeRevisionFile(options)).rejects.toThrow(/already exists; not overwriting it/);
  });

  it('refuses invalid ids and a template that loses the header', async () => {
    const base = { dir, downRevisions: [], message: 'x', createDate: '2026-01-01 00:00:00' };
    const template = await readRevisionTemplate(TEMPLATE_PATH);
    await expect(writeRevisionFile({ ...base, template, revision: 'a-b' })).rejects.toThrow(/Invalid revision id 'a-b'/);
    await expect(writeRevisionFile({ ...base, template, revision: 'abcd', branchLabels: ['head'] })).rejects.toThrow(/Invalid branch label/);
    await expect(writeRevisionFile({ ...base, template: '// nothing', revision: 'abcd' })).rejects.toThrow(/does not produce a readable revision header/);
    const wrong = template.replace('${downRevision}', 'null');
    await expect(writeRevisionFile({ ...base, template: wrong, revision: 'abcd', downRevisions: ['ffff'] })).rejects.toThrow(/differ from the new revision/);
  });

  it('reports a missing template', async () => {
    await expect(readRevisionTemplate(join(dir, 'script.ts.tmpl'))).rejects.toThrow(/No revision template at/);
  });
});

describe('template helpers', () => {
  it('makes slugs', () => {
    expect(revisionSlug('Create users')).toBe('create_users');
    expect(revisionSlug('  add  "orders" table!! ')).toBe('add_orders_table');
    expect(revisionSlug('Créer la table élève')).toBe('creer_la_table_eleve');
    expect(revisionSlug('')).toBe('');
    expect(revisionSlug('one two three four five six seven eight nine')).toBe('one_two_three_four_five_six_seven_eight');
    expect(revisionSlug('x'.repeat(50))).toBe('x'.repeat(40));
    expect(revisionSlug('a'.repeat(40) + ' b')).toBe('a'.repeat(40));
  });

  it('names a file without slug by its id', async () => {
    const path = await writeRevisionFile({ dir, template: await readRevisionTemplate(TEMPLATE_PATH), revision: 'abcd1234', downRevisions: [], message: '!!!', createDate: '2026-01-01 00:00:00' });
    expect(path).toBe(join(dir, 'abcd1234.ts'));
  });

  it('renders TS literals', () => {
    expect(tsLiteral([], 'scalar')).toBe('null');
    expect(tsLiteral(['a'], 'scalar')).toBe("'a'");
    expect(tsLiteral(['a'], 'list')).toBe("['a']");
    expect(tsLiteral(['a', "b'c"], 'scalar')).toBe("['a', 'b\\'c']");
  });

  it('formats the create date', () => {
    expect(formatCreateDate(new Date(2026, 10, 21, 9, 5, 7))).toBe('2026-11-21 09:05:07');
  });

  it('leaves unknown placeholders and escapes a comment end in the message', () => {
    const out = renderRevisionTemplate('/** ${message} */ const s = `${other}`; ${revision}', {
      revision: 'abcd',
      downRevisions: [],
      message: 'a */ b',
      createDate: 'now',
    });
    expect(out).toBe('/** a *\\/ b */ const s = `${other}`; abcd');
  });

  it('makes 12-hex-character ids', () => {
    const ids = new Set(Array.from({ length: 100 }, () => newRevisionId()));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{12}$/);
  });
});

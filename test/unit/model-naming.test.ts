/** The naming convention: Alembic's default, overrides (templates, functions, null, off), long names. */
import {
  conventionName,
  DEFAULT_NAMING_CONVENTION,
  defineMetadata,
  defineTable,
  index,
  integer,
  resolveNamingConvention,
  sql,
  text,
  toSchema,
  truncateIdentifier,
  type NamingConventionInput,
} from '../../src/model/index.js';
import { shortHash, utf8Length } from '../../src/util/short-hash.js';

function model(namingConvention?: NamingConventionInput, tableName = 'posts') {
  const users = defineTable('users', { id: integer().primaryKey(), region: text().notNull() }, { uniques: [{ columns: ['id', 'region'] }] });
  const posts = defineTable(tableName, {
    id: integer().primaryKey(),
    author_id: integer().notNull(),
    region: text().notNull(),
    slug: text().notNull().unique(),
  }, (t) => ({
    foreignKeys: [{ columns: [t.author_id, t.region], references: () => [users.columns.id, users.columns.region] }],
    indexes: [index().on(t.author_id, t.slug), index().on(sql`lower(slug)`)],
    checks: [{ expression: 'id > 0' }],
  }));
  const schema = toSchema(defineMetadata({ tables: [users, posts], namingConvention }));
  return schema.tables.find((t) => t.name === tableName)!;
}

const names = (t: ReturnType<typeof model>) => ({
  pk: t.primaryKey?.name,
  uq: t.uniques.map((u) => u.name),
  fk: t.foreignKeys.map((f) => f.name),
  ck: t.checks.map((c) => c.name),
  ix: t.indexes.map((i) => i.name),
});

describe('naming convention', () => {
  it("is Alembic's recommended one by default", () => {
    expect(names(model())).toEqual({
      pk: 'pk_posts',
      uq: ['uq_posts_slug'],
      fk: ['fk_posts_author_id_users'],
      ck: [`ck_posts_${shortHash('id > 0')}`],
      ix: ['ix_posts_author_id', 'ix_posts_lower_slug'],
    });
    expect(DEFAULT_NAMING_CONVENTION).toEqual({
      ix: 'ix_%(column_0_label)s',
      uq: 'uq_%(table_name)s_%(column_0_name)s',
      ck: 'ck_%(table_name)s_%(constraint_name)s',
      fk: 'fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s',
      pk: 'pk_%(table_name)s',
    });
  });

  it('names checks by a stable hash of the expression', () => {
    expect(shortHash('id > 0')).toBe(shortHash('id > 0'));
    expect(shortHash('id > 0')).toMatch(/^[0-9a-f]{8}$/);
    expect(shortHash('id > 0')).not.toBe(shortHash('id > 1'));
    expect(shortHash('')).toBe('811c9dc5'); // FNV-1a offset basis: the algorithm is fixed
  });

  it('keys can be overridden with every token, or by functions; other keys keep the default', () => {
    const t = model({
      ix: 'idx_%(table_name)s_%(column_0_N_name)s',
      uq: '%(table_name)s_%(column_0N_name)s_key',
      fk: (ctx) => `${ctx.table}_${ctx.columns.join('_')}_to_${ctx.referredTable}_${ctx.referredColumns!.join('_')}`,
      pk: '%(column_0_N_label)s_pk',
    });
    expect(names(t)).toEqual({
      pk: 'posts_id_pk',
      uq: ['posts_slug_key'],
      fk: ['posts_author_id_region_to_users_id_region'],
      ck: [`ck_posts_${shortHash('id > 0')}`],
      ix: ['idx_posts_author_id_slug', 'idx_posts_lower_slug'],
    });
    const referred = model({ fk: 'fk_%(referred_column_0_name)s_%(referred_column_0N_name)s_%(referred_column_0_N_name)s_%(column_0N_label)s' });
    expect(referred.foreignKeys[0]!.name).toBe('fk_id_idregion_id_region_posts_author_idposts_region');
  });

  it('null leaves a kind unnamed; false turns the whole convention off (indexes then need names)', () => {
    expect(names(model({ pk: null, fk: null }))).toMatchObject({ pk: null, fk: [null], uq: ['uq_posts_slug'] });
    expect(() => model(false)).toThrow(/An index of table posts on \(author_id, slug\) has no name/);
    const t = toSchema(defineMetadata({ tables: [defineTable('a', { id: integer().primaryKey().unique() })], namingConvention: false })).tables[0]!;
    expect(t.primaryKey!.name).toBeNull();
    expect(t.uniques[0]!.name).toBeNull();
  });

  it('explicit names always win, also over a function convention', () => {
    const a = defineTable('a', { id: integer().primaryKey(), b: integer().unique('a_b') }, { primaryKey: undefined });
    const t = toSchema(defineMetadata({ tables: [a], namingConvention: { uq: () => 'never' } })).tables[0]!;
    expect(t.uniques[0]!.name).toBe('a_b');
  });

  it('rejects unknown tokens, tokens a kind lacks, and unknown keys', () => {
    expect(() => resolveNamingConvention({ ix: 'ix_%(colum_0_name)s' })).toThrow(/%\(colum_0_name\)s, which is not a token/);
    expect(() => resolveNamingConvention({ uq: 'uq_%(referred_table_name)s' })).toThrow(/uq objects do not have/);
    expect(() => resolveNamingConvention({ pk: 'pk_%(constraint_name)s' })).toThrow(/pk objects do not have/);
    expect(() => resolveNamingConvention({ zz: 'x' } as never)).toThrow(/Unknown naming convention key "zz"/);
  });

  it('shortens names over 63 bytes with a hash of the whole name, so PostgreSQL keeps them intact', () => {
    const long = 'a_table_with_a_really_quite_remarkably_long_name_for_testing';
    const t = model(undefined, long);
    const fkName = t.foreignKeys[0]!.name!;
    expect(`fk_${long}_author_id_users`.length).toBeGreaterThan(63);
    expect(fkName).toHaveLength(63);
    expect(fkName).toBe(`${`fk_${long}_author_id_users`.slice(0, 54)}_${shortHash(`fk_${long}_author_id_users`)}`);
    expect(t.primaryKey!.name).toBe(`pk_${long}`); // 63 exactly: kept
    // two long names sharing their first 54 bytes stay distinct
    expect(truncateIdentifier('x'.repeat(70) + 'a')).not.toBe(truncateIdentifier('x'.repeat(70) + 'b'));
  });

  it('counts bytes, not characters, and never splits a character', () => {
    const name = `ix_${'é'.repeat(40)}`; // 83 bytes, 43 characters
    const cut = truncateIdentifier(name);
    expect(utf8Length(cut)).toBeLessThanOrEqual(63);
    expect(cut).toMatch(/^ix_é+_[0-9a-f]{8}$/);
    expect(conventionName(DEFAULT_NAMING_CONVENTION, { kind: 'pk', table: 'é'.repeat(40), columns: ['id'] })).toBe(truncateIdentifier(`pk_${'é'.repeat(40)}`));
  });
});

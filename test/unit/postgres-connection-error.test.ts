import {
  parsePostgresTarget,
  postgresConnectionError,
} from '../../src/dialects/postgres/postgres-connection-error.js';
import { UserError } from '../../src/util/errors.js';

const PASSWORD = 'p@ss:w/rd%';
const URL = `postgres://bob:${encodeURIComponent(PASSWORD)}@db.example:6543/shop?sslmode=require`;

/** Every way the password could leak into a message. */
function expectNoPassword(err: UserError): void {
  const text = `${err.message}\n${err.hint ?? ''}\n${String((err.cause as Error | undefined)?.message)}`;
  for (const form of [PASSWORD, encodeURIComponent(PASSWORD), 'p@ss', 'w/rd']) expect(text).not.toContain(form);
}

describe('parsePostgresTarget', () => {
  it('reads host, port, user, database and the password forms to scrub', () => {
    const target = parsePostgresTarget(URL);
    expect(target).toMatchObject({ host: 'db.example', port: 6543, user: 'bob', database: 'shop' });
    expect(target.secrets).toEqual(expect.arrayContaining([PASSWORD, encodeURIComponent(PASSWORD)]));
  });

  it('accepts postgresql://, a socket directory in the query and defaults', () => {
    expect(parsePostgresTarget('postgresql://alice@/app?host=/var/run/postgresql')).toMatchObject({
      host: '/var/run/postgresql',
      port: 5432,
      user: 'alice',
      database: 'app',
    });
    expect(parsePostgresTarget('postgres://alice@[::1]/app')).toMatchObject({ host: '::1', database: 'app' });
  });

  it('refuses an unparsable URL without echoing it', () => {
    const bad = 'postgres://bob:sec ret@@host:notaport/db';
    let caught: unknown;
    try {
      parsePostgresTarget(bad);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(UserError);
    expect((caught as UserError).message).not.toContain('sec ret');
    expect((caught as UserError).hint).toMatch(/percent-encoding/);
  });
});

describe('postgresConnectionError', () => {
  const target = parsePostgresTarget(URL);
  const error = (fields: object) => Object.assign(new Error((fields as { message?: string }).message ?? 'x'), fields);

  it('28P01: password authentication failed, the password shown as ***', () => {
    const err = postgresConnectionError(
      error({ code: '28P01', message: 'password authentication failed for user "bob"' }),
      target,
    );
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toBe('PostgreSQL password authentication failed for user "bob" at db.example:6543');
    expect(err.hint).toContain('postgres://bob:***@db.example:6543/shop');
    expectNoPassword(err);
  });

  it('28000: refused by the server, its words kept', () => {
    const err = postgresConnectionError(error({ code: '28000', message: 'role "bob" does not exist' }), target);
    expect(err.message).toContain('role "bob" does not exist');
    expect(err.hint).toMatch(/credentials|password/);
  });

  it('3D000: the database does not exist, hint createdb', () => {
    const err = postgresConnectionError(error({ code: '3D000', message: 'database "shop" does not exist' }), target);
    expect(err.message).toBe('PostgreSQL database "shop" does not exist at db.example:6543');
    expect(err.hint).toMatch(/createdb .* shop$/);
  });

  it.each([
    [{ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' }, /connection refused/],
    [{ code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND db.example' }, /not found/],
    [{ message: 'Connection terminated due to connection timeout' }, /timed out/],
    [{ errors: [{ code: 'ECONNREFUSED' }], message: '' }, /connection refused/],
  ])('unreachable %j', (fields, pattern) => {
    const err = postgresConnectionError(error(fields), target);
    expect(err.message).toMatch(/^Cannot reach PostgreSQL at db\.example:6543/);
    expect(err.message).toMatch(pattern);
    expect(err.hint).toMatch(/start the PostgreSQL server/);
  });

  it('a server asking for a password the URL does not have', () => {
    const err = postgresConnectionError(
      new Error('SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a string'),
      parsePostgresTarget('postgres://bob@db.example/shop'),
    );
    expect(err.message).toBe('PostgreSQL at db.example:5432 requires a password for user "bob" and none was given');
    expect(err.hint).toContain('postgres://bob:PASSWORD@db.example:5432/shop');
  });

  it('scrubs the password out of any other driver message', () => {
    const err = postgresConnectionError(
      new Error(`something odd with ${PASSWORD} and ${encodeURIComponent(PASSWORD)}`),
      target,
    );
    expect(err.message).toContain('something odd with *** and ***');
    expectNoPassword(err);
  });
});

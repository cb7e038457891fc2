import { userInfo } from 'node:os';
import { UserError } from '../../util/errors.js';
import { redactSecrets } from '../../util/redact.js';

/** Where a PostgreSQL URL points, for messages. */
export interface PostgresTarget {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly database: string;
  /** The password as written and decoded: held only to scrub it out of driver messages. */
  readonly secrets: readonly string[];
}

const URL_HINT =
  'write it as postgres://user:password@host:5432/database, percent-encoding special characters ' +
  'in the password (@ as %40, : as %3A, / as %2F, % as %25)';

/**
 * Reads host, port, user, database and password out of a `postgres://` or `postgresql://` URL,
 * with node-postgres' defaults. A URL that does not parse is a `UserError` that does not echo
 * the URL: a password written without percent-encoding could otherwise leak through it.
 */
export function parsePostgresTarget(url: string): PostgresTarget {
  const parsed = parseUrl(url);
  if (!parsed || (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:')) {
    throw new UserError('Invalid PostgreSQL URL', { hint: URL_HINT });
  }
  const query = parsed.searchParams;
  const password = safeDecode(parsed.password);
  const user = safeDecode(parsed.username) || query.get('user') || process.env.PGUSER || safeUserName();
  const host = parsed.hostname === DUMMY_HOST ? '' : safeDecode(parsed.hostname.replace(/^\[(.*)\]$/, '$1'));
  return {
    host: host || query.get('host') || process.env.PGHOST || 'localhost',
    port: Number(parsed.port || query.get('port') || process.env.PGPORT || 5432),
    user,
    database: safeDecode(parsed.pathname.replace(/^\//, '')) || query.get('database') || process.env.PGDATABASE || user,
    secrets: [parsed.password, password, query.get('password') ?? '', process.env.PGPASSWORD ?? ''].filter((s) => s !== ''),
  };
}

/** Stands in for an empty host (`postgres://user@/db?host=/socket/dir`), which WHATWG URLs reject. */
const DUMMY_HOST = 'orm-empty-host';

function parseUrl(url: string): URL | null {
  for (const candidate of [url, url.replace(/^([a-z]+:\/\/[^/?#]*@)(?=[/?]|$)/i, `$1${DUMMY_HOST}`)]) {
    try {
      return new URL(candidate);
    } catch {
      // try the next spelling
    }
  }
  return null;
}

/** Percent-decoding that keeps the text as written when it is not valid (`p%zz`). */
function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Fields of the errors node-postgres and Node's net module throw. */
interface DriverError {
  readonly code?: string;
  readonly message?: string;
  readonly errors?: ReadonlyArray<{ readonly code?: string }>;
}

/**
 * Turns a failed connection into a `UserError` with a hint. Only the host, port, user and
 * database of the target are named; every text that comes from the driver or the server is
 * scrubbed of the password (raw and percent-encoded) before it is used.
 */
export function postgresConnectionError(err: unknown, target: PostgresTarget): UserError {
  const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as DriverError;
  // Node reports a refused dual-stack `localhost` as an AggregateError with the codes inside.
  const code = e.code ?? e.errors?.find((inner) => inner.code)?.code;
  const scrub = (text: string) => redactSecrets(text, target.secrets);
  const detail = scrub(e.message ?? String(err));
  const where = `${target.host}:${target.port}`;
  const cause = Object.assign(new Error(detail), { code });
  const unreachable = (why: string) =>
    new UserError(`Cannot reach PostgreSQL at ${where} (${why})`, {
      hint: 'start the PostgreSQL server, or check the host and port in the database URL',
      cause,
    });

  switch (code) {
    case 'ECONNREFUSED':
      return unreachable('connection refused');
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return unreachable(`host ${target.host} not found`);
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return unreachable('connection timed out');
    case '28P01':
      return new UserError(`PostgreSQL password authentication failed for user "${target.user}" at ${where}`, {
        hint: `check the user name and password in the database URL (postgres://${target.user}:***@${where}/${target.database})`,
        cause,
      });
    case '28000':
      return new UserError(`PostgreSQL refused user "${target.user}" at ${where}: ${detail}`, {
        hint: "check the user name and password in the database URL, and the server's pg_hba.conf",
        cause,
      });
    case '3D000':
      return new UserError(`PostgreSQL database "${target.database}" does not exist at ${where}`, {
        hint: `create it first: createdb -h ${target.host} -p ${target.port} -U ${target.user} ${target.database}`,
        cause,
      });
  }
  // node-postgres and its pool word their timeouts differently and give them no code.
  if (code === undefined && /timeout/i.test(detail)) return unreachable('connection timed out');
  // The server asked for a password (SCRAM or md5) and the URL has none: node-postgres fails
  // on its own, before the server could answer 28P01.
  if (code === undefined && /password must be a string|password.*not provided/i.test(detail)) {
    return new UserError(`PostgreSQL at ${where} requires a password for user "${target.user}" and none was given`, {
      hint: `put it in the database URL (postgres://${target.user}:PASSWORD@${where}/${target.database}) or in PGPASSWORD`,
      cause,
    });
  }
  return new UserError(`Cannot connect to PostgreSQL at ${where}: ${detail}`, {
    hint: 'check the database URL and that the server accepts connections',
    cause,
  });
}

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'postgres';
  }
}

import { isAbsolute, resolve } from 'node:path';
import { dialectNameFromUrl, type DialectName } from '../dialects/index.js';

/**
 * Makes a SQLite file path absolute (relative to `baseDir`) so that the database is the same
 * whatever the working directory; other URLs pass through unchanged.
 */
export function resolveDatabaseUrl(url: string, baseDir: string): string {
  const dialect: DialectName = dialectNameFromUrl(url);
  if (dialect !== 'sqlite') return url;
  const rest = url.replace(/^sqlite:(\/\/)?/i, '');
  if (rest === ':memory:' || rest === '') return 'sqlite::memory:';
  const path = rest.startsWith('/') ? rest : rest;
  return `sqlite:${isAbsolute(path) ? path : resolve(baseDir, path)}`;
}

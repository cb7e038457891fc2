import { readFileSync } from 'node:fs';

/**
 * The version of this package (`package.json`), as the applied-revision log records it.
 * Read on each call (runs call it once): the file sits two folders up from both `src/util`
 * and `dist/util`.
 */
export function toolVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

import { InvalidArgumentError, Option } from 'commander';
import { DEFAULT_LOCK_TIMEOUT_SECONDS, parseLockTimeout } from '../util/lock-timeout.js';

/** `--lock-timeout SECONDS` of upgrade, downgrade and stamp (bad values are bad usage: exit 2). */
export function lockTimeoutOption(): Option {
  return new Option(
    '--lock-timeout <seconds>',
    `how long to wait while another run holds the migration lock (default ${DEFAULT_LOCK_TIMEOUT_SECONDS}; 0: do not wait)`,
  ).argParser((text: string) => {
    const seconds = parseLockTimeout(text);
    if (seconds === null) throw new InvalidArgumentError('give a number of seconds, 0 or more.');
    return seconds;
  });
}

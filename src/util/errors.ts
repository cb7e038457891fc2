/**
 * Errors a user can act on. The CLI prints `message` and `hint` (never a stack trace unless
 * `--verbose`) and exits with `exitCode`.
 */
export class UserError extends Error {
  readonly hint: string | undefined;
  readonly exitCode: number;

  constructor(message: string, options: { hint?: string; cause?: unknown; exitCode?: number } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UserError';
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? 1;
  }
}

/** Bad usage of the command line (exit status 2). */
export class UsageError extends UserError {
  constructor(message: string, options: { hint?: string } = {}) {
    super(message, { ...options, exitCode: 2 });
    this.name = 'UsageError';
  }
}

/** True when `err` is one of ours, meant to be shown to the user as it is. */
export function isUserError(err: unknown): err is UserError {
  return err instanceof UserError;
}

/** The message of anything thrown, without a stack. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

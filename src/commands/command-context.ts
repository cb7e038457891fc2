import type { Logger } from '../util/logger.js';

/** What every command receives from the CLI (or a test): where it runs and how it reports. */
export interface CommandContext {
  readonly cwd: string;
  /** `-c/--config`. */
  readonly configFile?: string;
  /** `--url`. */
  readonly url?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly logger: Logger;
}

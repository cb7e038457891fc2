/**
 * The documents `--json` prints: one per run, on stdout, nothing else there (progress and
 * warnings go to stderr). Each is the command's result with two keys in front:
 *
 * - `formatVersion`: the version of these shapes. It goes up when a key is removed or renamed
 *   or its meaning changes; new keys may appear without a new version, so consumers should
 *   ignore keys they do not know.
 * - `command`: the command that ran (`null` when the command line could not be parsed).
 *
 * A failure prints an `ErrorDocument` instead (the exit status is 1 or 2 as without `--json`),
 * except where a command reports a finding with its own document and exit status 1
 * (`check` with differences, `current --check-heads` when not at every head).
 *
 * Passwords in URLs are shown as `***`; paths are absolute.
 */
import type { CheckResult } from '../commands/check.js';
import type { CurrentResult } from '../commands/current.js';
import type { GraphResult } from '../commands/graph.js';
import type { BranchPoint, HeadsResult, HistoryResult, ShowResult } from '../commands/history.js';
import type { InitResult, TemplateInfo } from '../commands/init.js';
import type { MigrateResult } from '../commands/migrate.js';
import type { NewRevisionResult } from '../commands/new-revision.js';
import type { LintCodeInfo, LintResult } from '../commands/lint.js';
import type { PullResult } from '../commands/pull.js';
import type { AutogenerateResult } from '../commands/revision.js';
import type { StampResult } from '../commands/stamp.js';
import type { GraphRow } from '../render/render-history-graph.js';

export const JSON_FORMAT_VERSION = 1 as const;

/** The keys every document starts with. */
export interface JsonEnvelope<C extends string | null = string> {
  readonly formatVersion: typeof JSON_FORMAT_VERSION;
  readonly command: C;
}

/** `orm init`: the files written. */
export interface InitDocument extends JsonEnvelope<'init'>, InitResult {}

/** `orm list-templates`. */
export interface ListTemplatesDocument extends JsonEnvelope<'list-templates'> {
  readonly templates: TemplateInfo[];
}

/**
 * `orm revision`: the file written; `--autogenerate` adds `changes` (one line per detected
 * change), `findings` (lint findings on the generated upgrade) and `renameCandidates`.
 */
export interface RevisionDocument
  extends JsonEnvelope<'revision'>,
    NewRevisionResult,
    Partial<Omit<AutogenerateResult, keyof NewRevisionResult>> {}

/** `orm merge`: the merge revision written. */
export interface MergeDocument extends JsonEnvelope<'merge'>, NewRevisionResult {}

/**
 * `orm upgrade` / `orm downgrade`: the rows before (`from`) and after (`to`), and each step run
 * (`{ revision, direction, from, to, message, ms }`). With `--sql`: the steps of the script and
 * the script itself in `sql` (nothing ran).
 */
export interface MigrateDocument<C extends 'upgrade' | 'downgrade' = 'upgrade' | 'downgrade'> extends JsonEnvelope<C>, MigrateResult {
  readonly sql?: string;
}

/** `orm current`: the version rows, the revisions the database is at, and whether it is at every head. */
export interface CurrentDocument extends JsonEnvelope<'current'>, CurrentResult {}

/**
 * `orm history`: newest first. `--verbose` adds `applied` (from the applied-revision log);
 * `--graph` adds the drawn rows (`{ graph, revision }`, revision null on connector rows).
 */
export interface HistoryDocument extends JsonEnvelope<'history'>, HistoryResult {
  readonly graph?: GraphRow[];
}

/** `orm graph`: the picture (`text`) and the nodes and edges it draws. */
export interface GraphDocument extends JsonEnvelope<'graph'>, GraphResult {}

/** `orm heads`. */
export interface HeadsDocument extends JsonEnvelope<'heads'>, HeadsResult {}

/** `orm branches`. */
export interface BranchesDocument extends JsonEnvelope<'branches'> {
  readonly branchPoints: BranchPoint[];
}

/** `orm show REV`. */
export interface ShowDocument extends JsonEnvelope<'show'>, ShowResult {}

/** `orm stamp`: rows before and after, the row statements; `--sql` adds the script in `sql`. */
export interface StampDocument extends JsonEnvelope<'stamp'>, StampResult {}

/** `orm check`: `inSync` false means exit status 1, with the changes and the upgrade they need. */
export interface CheckDocument extends JsonEnvelope<'check'>, CheckResult {}

/** `orm pull`: the models module written and the tables it describes. */
export interface PullDocument extends JsonEnvelope<'pull'>, PullResult {}

/** `orm lint`: the revisions linted (oldest first) and every finding; `--list-codes` prints `codes` instead. */
export interface LintDocument extends JsonEnvelope<'lint'>, Partial<LintResult> {
  readonly codes?: LintCodeInfo[];
}

/** Any command that failed (exit status 1, or 2 for bad usage). `hint` is null when there is none. */
export interface ErrorDocument extends JsonEnvelope<string | null> {
  readonly error: { readonly message: string; readonly hint: string | null };
}

/** Each command's document. */
export interface JsonDocuments {
  init: InitDocument;
  'list-templates': ListTemplatesDocument;
  revision: RevisionDocument;
  merge: MergeDocument;
  upgrade: MigrateDocument<'upgrade'>;
  downgrade: MigrateDocument<'downgrade'>;
  current: CurrentDocument;
  history: HistoryDocument;
  graph: GraphDocument;
  heads: HeadsDocument;
  branches: BranchesDocument;
  show: ShowDocument;
  stamp: StampDocument;
  check: CheckDocument;
  pull: PullDocument;
  lint: LintDocument;
}

export type JsonCommand = keyof JsonDocuments;

/** Top-level keys: those every document of the command has, and those only some options add. */
export interface DocumentKeys<D> {
  readonly always: ReadonlyArray<keyof D & string>;
  readonly optional: ReadonlyArray<keyof D & string>;
}

const ENVELOPE = ['formatVersion', 'command'] as const;
const NEW_REVISION = [...ENVELOPE, 'revision', 'downRevisions', 'branchLabels', 'dependsOn', 'path'] as const;
const MIGRATE = [...ENVELOPE, 'direction', 'target', 'from', 'to', 'steps'] as const;

/** The README's "JSON output" table, as data (the e2e tests check every document against it). */
export const JSON_DOCUMENT_KEYS: { readonly [C in JsonCommand]: DocumentKeys<JsonDocuments[C]> } = {
  init: { always: [...ENVELOPE, 'configFile', 'migrationsDir', 'files'], optional: [] },
  'list-templates': { always: [...ENVELOPE, 'templates'], optional: [] },
  revision: { always: NEW_REVISION, optional: ['changes', 'findings', 'renameCandidates'] },
  merge: { always: NEW_REVISION, optional: [] },
  upgrade: { always: MIGRATE, optional: ['sql'] },
  downgrade: { always: MIGRATE, optional: ['sql'] },
  current: {
    always: [...ENVELOPE, 'database', 'versionRows', 'revisions', 'heads', 'missingHeads', 'unknownRows', 'atHeads', 'problem', 'applied'],
    optional: [],
  },
  history: { always: [...ENVELOPE, 'range', 'current', 'revisions'], optional: ['applied', 'graph'] },
  graph: { always: [...ENVELOPE, 'format', 'direction', 'current', 'nodes', 'edges', 'text'], optional: [] },
  heads: { always: [...ENVELOPE, 'resolveDependencies', 'heads'], optional: [] },
  branches: { always: [...ENVELOPE, 'branchPoints'], optional: [] },
  show: { always: [...ENVELOPE, 'target', 'revisions'], optional: [] },
  stamp: { always: [...ENVELOPE, 'targets', 'purged', 'from', 'to', 'rows'], optional: ['sql'] },
  check: { always: [...ENVELOPE, 'inSync', 'changes', 'upgrade', 'editedRevisions', 'renameCandidates'], optional: [] },
  pull: { always: [...ENVELOPE, 'path', 'tables'], optional: [] },
  lint: {
    always: [...ENVELOPE],
    optional: ['range', 'dialect', 'current', 'revisions', 'findings', 'errors', 'warnings', 'suppressed', 'codes'],
  },
};

export const ERROR_DOCUMENT_KEYS: DocumentKeys<ErrorDocument> = { always: [...ENVELOPE, 'error'], optional: [] };

/** The document for `command`: the envelope first, then the result's keys. */
export function jsonDocument(command: string | null, result: object): JsonEnvelope<string | null> {
  return { formatVersion: JSON_FORMAT_VERSION, command, ...result };
}

/**
 * The history drawn as text, the way `git log --graph` draws commits: newest first, a column per
 * line of descent, `*` for a revision, `|` for a line going down, `/` and `\` for a line moving
 * one column left or right, `*-.` and `|\ \` for a merge of more than two revisions. Pure.
 *
 *     * rev_e1 (head), e1
 *     | * rev_d1 (effective head), d1
 *     |/
 *     *   merge_m (mergepoint), merge
 *     |\
 *     | * rev_c1, c1
 *     * | rev_b1, b1
 *     |/
 *     * rev_a (branchpoint), a
 *
 * After each revision the lines move in two steps: first right (a merge opening a column per
 * revision it merges, the lines on its right making room), then left (lines leading to the same
 * revision joining the leftmost of them, lines closing up on an emptied column). Lines moving
 * one way never swap places, and a line crossing another one passes straight through it (`|/|`),
 * so a reader following a line from a `*` always arrives at the revisions it revises.
 */

/** A revision to draw and the revisions it revises (`downRevision`s, in declared order). */
export interface HistoryEntry {
  readonly id: string;
  readonly parents: readonly string[];
}

/** One row of the drawing: the graph part, and the revision of a `*` row (null for a row of lines only). */
export interface GraphRow {
  readonly graph: string;
  readonly revision: string | null;
}

/** A line of descent during a move between rows: from one column to another. */
interface Move {
  readonly from: number;
  readonly to: number;
}

/**
 * Rows of `|`, `/` and `\` taking each line from its column to its new one, one column per row;
 * none when no line moves. The moves of one call go one way (all right, or all left).
 */
function moveRows(moves: readonly Move[]): GraphRow[] {
  const rows: GraphRow[] = [];
  let at = moves.map((m) => m.from);
  while (at.some((x, i) => x !== moves[i]!.to)) {
    const width = Math.max(...at, ...moves.map((m) => m.to)) + 1;
    const chars: string[] = new Array<string>(2 * width).fill(' ');
    at = at.map((x, i) => {
      const to = moves[i]!.to;
      if (to > x) chars[2 * x + 1] = '\\';
      else if (to < x) chars[2 * x - 1] = '/';
      else chars[2 * x] = '|';
      return x + Math.sign(to - x);
    });
    rows.push({ graph: chars.join('').trimEnd(), revision: null });
  }
  return rows;
}

/** The moves taking the non-empty columns of `from` to the columns `to(i)`. */
function movesOf(columns: ReadonlyArray<string | null>, to: (id: string, i: number) => number): Move[] {
  const moves: Move[] = [];
  columns.forEach((id, i) => {
    if (id !== null) moves.push({ from: i, to: to(id, i) });
  });
  return moves;
}

/**
 * The rows drawing `entries`, which come newest first: every revision before the revisions it
 * revises (as `RevisionGraph.history()` orders them). Parents not among the entries (a range of
 * the history) end their line at the revision.
 */
export function historyGraphRows(entries: readonly HistoryEntry[]): GraphRow[] {
  const shown = new Set(entries.map((e) => e.id));
  const rows: GraphRow[] = [];
  /** What each column's line leads down to; null: an empty column. */
  let columns: Array<string | null> = [];
  /** The column of the previous row's `*` when its line ended there (a base). */
  let endedAt = -1;
  for (const entry of entries) {
    const parents = [...new Set(entry.parents)].filter((p) => shown.has(p));
    const k = parents.length;
    let c = columns.indexOf(entry.id);
    if (c < 0) {
      // a new line of descent starts on the right; not right below a line that just ended,
      // which would read as its parent
      if (endedAt === columns.length) columns.push(null);
      columns.push(entry.id);
      c = columns.length - 1;
    }

    // a merge of k > 2 revisions is drawn `*-.-.` over k - 2 more columns: make room for them
    const extra = Math.max(0, k - 2);
    if (extra > 0) {
      rows.push(...moveRows(movesOf(columns, (_, i) => (i > c ? i + extra : i))));
      columns = [...columns.slice(0, c + 1), ...new Array<null>(extra).fill(null), ...columns.slice(c + 1)];
    }

    // this revision's column becomes one per parent (none for a base: the column empties)
    const opened: Array<string | null> = [...columns.slice(0, c), ...(k === 0 ? [null] : parents), ...columns.slice(c + 1 + extra)];
    const chars: string[] = new Array<string>(2 * columns.length - 1).fill(' ');
    columns.forEach((id, i) => {
      if (id !== null) chars[2 * i] = i === c ? '*' : '|';
    });
    for (let j = 0; j < extra; j++) {
      chars[2 * c + 1 + 2 * j] = '-';
      chars[2 * c + 2 + 2 * j] = '.';
    }
    // a merge's text starts past the lines it opens below (`*   merge`, then `|\`), as in git
    rows.push({ graph: chars.join('').trimEnd().padEnd(2 * opened.length - 1), revision: entry.id });

    // first the lines move right: the parents fan out from the `*` (the second from its column,
    // the others from under their `.`), the lines on the right making room
    const fanned: Move[] = [];
    columns.forEach((id, i) => {
      if (i < c && id !== null) fanned.push({ from: i, to: i });
      if (i > c + extra && id !== null) fanned.push({ from: i, to: opened.length - (columns.length - i) });
    });
    parents.forEach((_, j) => fanned.push({ from: j <= 1 ? c : c + j - 1, to: c + j }));
    rows.push(...moveRows(fanned));

    // then left: lines leading to the same revision join the leftmost of them, and the lines
    // close up on empty columns
    const next = [...new Set(opened.filter((id): id is string => id !== null))];
    rows.push(...moveRows(movesOf(opened, (id) => next.indexOf(id))));
    endedAt = k === 0 ? c : -1;
    columns = next;
  }
  return rows;
}

/** The drawing as lines: each `*` row followed by ` ` and `text(revision)`. */
export function renderHistoryGraph(entries: readonly HistoryEntry[], text: (revision: string) => string): string[] {
  return historyGraphRows(entries).map((row) => (row.revision === null ? row.graph : `${row.graph} ${text(row.revision)}`));
}

import { type Command, Option } from 'commander';
import { action } from '../action.js';

/**
 * Commands that read the revision graph: `current` (with the version table), `history`,
 * `heads`, `branches`, `show`, `graph`. `--verbose` (a global option) prints each revision in full.
 */
export function registerGraph(program: Command): void {
  program
    .command('current')
    .description('the revision(s) the database is at')
    .option('--check-heads', 'exit 1, naming the missing heads, unless the database is at every head (a CI gate)')
    .action(
      action(async (ctx, out, opts: { checkHeads?: boolean }) => {
        const { current } = await import('../../commands/current.js');
        const { formatCurrent } = await import('../format-graph.js');
        const result = await current(ctx);
        formatCurrent(out, ctx, result);
        if (opts.checkHeads && result.problem !== null) {
          out.failure(
            result.problem,
            result.missingHeads.length > 0 ? 'Run `orm upgrade heads`.' : 'Restore the missing revision files, or fix the table with `orm stamp`.',
          );
          return 1;
        }
        return 0;
      }),
    );

  program
    .command('history')
    .description('the revisions, newest first: PARENT -> REV (head), message')
    .option('-r, --rev-range <range>', 'only FROM:TO (either side optional; current, base, heads, labels, ids, -N:current)')
    .option('-i, --indicate-current', 'mark the database\'s revisions (current); reads the database')
    .option('--graph', 'draw the lines of descent as `git log --graph` does: * | / \\')
    .action(
      action(async (ctx, out, opts: { revRange?: string; indicateCurrent?: boolean; graph?: boolean }) => {
        const { history } = await import('../../commands/history.js');
        const { formatHistory } = await import('../format-graph.js');
        const result = await history(ctx, {
          ...(opts.revRange === undefined ? {} : { range: opts.revRange }),
          indicateCurrent: opts.indicateCurrent === true,
          // --verbose: when each revision was applied, if a database URL is configured
          appliedTimes: out.verbose && opts.graph !== true,
        });
        if (opts.graph) (await import('../format-picture.js')).formatHistoryGraph(out, result);
        else formatHistory(out, ctx, result);
      }),
    );

  program
    .command('graph')
    .description('the revision graph as a picture: Mermaid (for a pull request) or Graphviz DOT')
    .addOption(new Option('--format <format>', 'the language: Mermaid (GitHub draws it in Markdown) or Graphviz DOT').choices(['mermaid', 'dot']).default('mermaid'))
    .addOption(new Option('--direction <dir>', 'the layout: BT puts the oldest revision at the bottom, TB at the top, LR/RL on a side').choices(['BT', 'TB', 'LR', 'RL']).default('BT'))
    .option('-i, --indicate-current', 'mark the database\'s revisions (green); reads the database')
    .option('--markdown', 'wrap it in a ```mermaid (or ```dot) code fence')
    .action(
      action(async (ctx, out, opts: { format: 'mermaid' | 'dot'; direction: 'BT' | 'TB' | 'LR' | 'RL'; indicateCurrent?: boolean; markdown?: boolean }) => {
        const { graph } = await import('../../commands/graph.js');
        const { formatGraphPicture } = await import('../format-picture.js');
        formatGraphPicture(
          out,
          await graph(ctx, { format: opts.format, direction: opts.direction, indicateCurrent: opts.indicateCurrent === true, markdown: opts.markdown === true }),
        );
      }),
    );

  program
    .command('heads')
    .description('the revisions no other revision follows yet')
    .option('--resolve-dependencies', 'leave out heads that other revisions depend on (what `upgrade heads` ends at)')
    .action(
      action(async (ctx, out, opts: { resolveDependencies?: boolean }) => {
        const { heads } = await import('../../commands/history.js');
        const { formatHeads } = await import('../format-graph.js');
        formatHeads(out, ctx, await heads(ctx, { resolveDependencies: opts.resolveDependencies === true }));
      }),
    );

  program
    .command('branches')
    .description('the branch points, each with the revisions branching from it')
    .action(
      action(async (ctx, out) => {
        const { branches } = await import('../../commands/history.js');
        const { formatBranches } = await import('../format-graph.js');
        formatBranches(out, ctx, await branches(ctx));
      }),
    );

  program
    .command('show')
    .argument('<rev>', 'a revision id or prefix, a branch label, head, heads, LABEL@head, current')
    .description('a revision in full: parents, branch labels, dependencies, path, doc comment')
    .action(
      action(async (ctx, out, rev: string) => {
        const { show } = await import('../../commands/history.js');
        const { formatShow } = await import('../format-graph.js');
        formatShow(out, ctx, await show(ctx, rev));
      }),
    );
}

import { Option, type Command } from 'commander';
import { action } from '../action.js';

/** `orm init [DIR] [--template NAME] [--dialect NAME]` and `orm list-templates`. */
export function registerInit(program: Command): void {
  program
    .command('init')
    .argument('[dir]', 'migrations folder to create', 'migrations')
    .description('create orm.config.ts and the migrations folder in the working directory')
    .option('--template <name>', 'template to copy (see orm list-templates)', 'generic')
    .addOption(new Option('--dialect <name>', 'database the config points at').choices(['sqlite', 'postgres']).default('sqlite'))
    .action(
      action(async (ctx, out, dir: string, opts: { template: string; dialect: string }) => {
        const { init } = await import('../../commands/init.js');
        const { formatInit } = await import('../format.js');
        formatInit(out, ctx, await init(ctx, { directory: dir, template: opts.template, dialect: opts.dialect }));
      }),
    );

  program
    .command('list-templates')
    .description('list the templates orm init can copy')
    .action(
      action(async (_ctx, out) => {
        const { listTemplates } = await import('../../commands/init.js');
        const templates = await listTemplates();
        out.document({ templates });
        for (const t of templates) out.line(`${out.color.bold(t.name.padEnd(10))} ${t.description}`);
      }),
    );
}

// Preloaded with `node --import` to record every module specifier the CLI resolves, so a test
// can prove that `orm --help` and `orm heads` never load pg, kysely or esbuild.
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(`
      import { appendFileSync } from 'node:fs';
      export async function resolve(specifier, context, next) {
        if (process.env.ORM_RECORD_LOADS) appendFileSync(process.env.ORM_RECORD_LOADS, specifier + '\\n');
        return next(specifier, context);
      }
    `),
  import.meta.url,
);

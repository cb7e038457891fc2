import { defineConfig } from 'orm';

export default defineConfig({
  // The database. `--url` on the command line wins over this, and this over DATABASE_URL.
  url: '${url}',
  // The folder holding script.ts.tmpl (the template of new revisions) and versions/.
  migrations: './${migrations}',
  // The name of the table recording which revisions the database is at.
  versionTable: 'orm_version',
});

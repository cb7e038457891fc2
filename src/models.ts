import { defineMetadata, defineTable, integer, raw } from 'orm';
const a = defineTable('weird', { id: integer().primaryKey(), v: raw('nosuchtype') });
export const metadata = defineMetadata({ tables: [a] });

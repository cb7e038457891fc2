import type { Op } from '../../ops/ops.js';
import type { LintRule } from '../lint-rule.js';
import { tableName } from './describe.js';

const quoted = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/** True when an earlier op of the revision created the enum (no row can hold its values yet). */
const createdEarlier = (earlier: readonly Op[], name: string) => earlier.some((op) => op.kind === 'createEnum' && op.name === name);

/**
 * Enum values: MF101 when `replaceEnumValues` removes values (rows holding one make it fail),
 * MF102 when lint cannot tell what it removes, BC103 for `renameEnumValue` (code still writing
 * the old value fails).
 */
export const enumValuesRule: LintRule = {
  name: 'enum-values',
  check(op, ctx) {
    if (op.kind === 'replaceEnumValues' && !createdEarlier(ctx.earlier, op.name)) {
      const name = tableName(op.name, op.schema);
      if (op.existing === undefined) {
        return [{ code: 'MF102', message: `sets the values of enum ${name} to (${quoted(op.values)}): rows holding any other value make it fail` }];
      }
      const removed = op.existing.filter((v) => !op.values.includes(v));
      if (removed.length === 0) return [];
      return [{ code: 'MF101', message: `removes ${quoted(removed)} from enum ${name}: rows holding ${removed.length === 1 ? 'it' : 'one of them'} make it fail` }];
    }
    if (op.kind === 'renameEnumValue' && op.from !== op.to && !createdEarlier(ctx.earlier, op.name)) {
      return [
        {
          code: 'BC103',
          message: `renames value '${op.from}' of enum ${tableName(op.name, op.schema)} to '${op.to}': code still writing '${op.from}' fails until it is redeployed`,
          hint: `deploy code that accepts both values first; or add '${op.to}', switch the code and the rows, and remove '${op.from}' later`,
        },
      ];
    }
    return [];
  },
};

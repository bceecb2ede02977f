import { z } from 'zod';
import { boolParam, modeParam } from '../params.js';

/** Parameters shared by the file modules, with Ansible's names. */

/** owner/group: a name, or a numeric id (YAML may give it as a number). */
export const accountParam = z.preprocess(
  (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? String(v) : v),
  z.string().min(1),
);

export const attributeParams = {
  mode: modeParam.optional(),
  owner: accountParam.optional(),
  group: accountParam.optional(),
};

export const backupParam = boolParam.optional();

/** A command that checks the new file before it replaces dest; `%s` is the file to check. */
export const validateParam = z
  .string()
  .refine((v) => v.includes('%s'), { message: "validate must contain '%s' (the file to check)" })
  .optional();

/** Picks the first of several alias keys that is set (Ansible's `path`/`dest`/`name`). */
export function firstOf<T>(...values: (T | undefined)[]): T | undefined {
  return values.find((v) => v !== undefined);
}

import { z } from 'zod';

/**
 * Parameter types shared by modules, with Ansible's spellings. Module schemas are `z.strictObject({...})`
 * (optionally with `.superRefine`) so the loader can check parameter names statically.
 */

const TRUE_WORDS = new Set(['yes', 'true', 'on', '1', 'y', 't']);
const FALSE_WORDS = new Set(['no', 'false', 'off', '0', 'n', 'f']);

/** Ansible booleans: true/false, yes/no, on/off, 1/0 (as YAML booleans, strings or numbers). */
export const boolParam = z.preprocess(
  (v) => {
    if (typeof v === 'string') {
      const w = v.trim().toLowerCase();
      if (TRUE_WORDS.has(w)) return true;
      if (FALSE_WORDS.has(w)) return false;
    }
    if (v === 1) return true;
    if (v === 0) return false;
    return v;
  },
  z.boolean({ error: 'expected a boolean (true/false, yes/no)' }),
);

/**
 * A file mode. Only strings: YAML 1.2 reads an unquoted `mode: 0644` as the decimal number 644 and `mode: 755` as
 * 755 decimal (= 0o1363), which silently sets the wrong bits — so numbers are rejected with that explanation.
 */
export const modeParam = z.union([z.string(), z.number()]).superRefine((v, ctx) => {
  if (typeof v === 'number') {
    ctx.addIssue({
      code: 'custom',
      message: `mode ${v} is a number: YAML reads an unquoted mode as decimal, which sets the wrong bits; quote it: mode: '0${v.toString()}'`,
    });
    return;
  }
  if (
    !/^0?[0-7]{3,4}$/.test(v) &&
    !/^([ugoa]*[-+=][rwxXst]*)(,[ugoa]*[-+=][rwxXst]*)*$/.test(v) &&
    v !== 'preserve'
  ) {
    ctx.addIssue({
      code: 'custom',
      message: `mode '${v}' is neither octal ('0644') nor symbolic ('u=rw,g=r,o=r')`,
    });
  }
}) as z.ZodType<string>;

/** A list given as a YAML list or a comma-separated string. */
export const stringListParam = z.preprocess(
  (v) =>
    typeof v === 'string'
      ? v
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '')
      : v,
  z.array(z.string()),
);

/** Numbers that may arrive as strings from templates ("{{ port }}" renders to a string). */
export const intParam = z.preprocess(
  (v) => (typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : v),
  z.number().int(),
);

export const pathParam = z.string().min(1, 'path must not be empty');

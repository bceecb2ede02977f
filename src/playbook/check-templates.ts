import { checkExpressionSyntax, checkTemplateSyntax } from '../template/index.js';
import type { Condition } from './ir.js';
import { at, isPlainObject, type LoadContext, type Where } from './load-context.js';

/** Checks every string inside `value` for template syntax, each at its own location. */
export function checkTemplatesDeep(ctx: LoadContext, value: unknown, where: Where): void {
  if (typeof value === 'string') {
    if (value.includes('{{') || value.includes('{%') || value.includes('{#'))
      checkTemplateSyntax(value, ctx.locate(where));
  } else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) checkTemplatesDeep(ctx, v, at(where, i));
  } else if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) checkTemplatesDeep(ctx, v, at(where, k));
  }
}

/** `when`-style keywords: a bare expression, a boolean, or a list of them (AND). */
export function parseConditions(ctx: LoadContext, value: unknown, where: Where): Condition[] {
  const items = Array.isArray(value) ? value : [value];
  return items.map((item, i) => {
    const w = Array.isArray(value) ? at(where, i) : where;
    const loc = ctx.locate(w);
    if (typeof item === 'boolean') return { source: item, loc };
    if (typeof item === 'number') return { source: item !== 0, loc };
    if (typeof item !== 'string') {
      throw ctx.error('PRV209', 'a condition must be an expression string, a boolean, or a list of them', w);
    }
    checkExpressionSyntax(stripMustache(item), loc);
    return { source: item, loc };
  });
}

/** Ansible tolerates `when: "{{ x }}"` (with a warning); the bare form is the same expression. */
export function stripMustache(text: string): string {
  const m = /^\s*\{\{(.*)\}\}\s*$/s.exec(text);
  return m && !m[1]!.includes('}}') ? m[1]!.trim() : text;
}

import { z } from 'zod';
import { didYouMean } from '../errors/suggest.js';
import type { ModuleDefinition } from '../modules/module.js';
import { isTemplated } from '../template/index.js';
import { at, type LoadContext, type Where } from './load-context.js';

/**
 * Validates a task's module parameters before anything runs: unknown names, missing required ones, and the type of
 * every value that is not templated. Templated values are checked again, rendered, at run time.
 */
export function validateModuleArgs(
  ctx: LoadContext,
  // biome-ignore lint/suspicious/noExplicitAny: any module's parameters
  mod: ModuleDefinition<any>,
  args: Record<string, unknown>,
  argsWhere: Where,
  inline: boolean,
): void {
  const schema = mod.schema;
  const keyWhere = (k: string) => (inline ? argsWhere : at(argsWhere, k));
  if (schema instanceof z.ZodObject) {
    const shape = schema.shape as Record<string, z.ZodType>;
    for (const key of Object.keys(args)) {
      if (!(key in shape)) {
        const what =
          key === '_raw_params'
            ? `module ${mod.name} takes no free-form text`
            : `unknown parameter '${key}' for module ${mod.name}`;
        const known = Object.keys(shape).filter((k) => !k.startsWith('_'));
        throw ctx.error('PRV208', what, keyWhere(key), {
          key: !inline,
          hint: didYouMean(key, known) ?? `parameters of ${mod.name}: ${known.join(', ')}`,
        });
      }
    }
    for (const [key, field] of Object.entries(shape)) {
      const value = args[key];
      if (value === undefined) continue;
      if (isTemplated(value)) continue;
      const r = field.safeParse(value);
      if (!r.success) {
        throw ctx.error(
          'PRV208',
          `parameter '${key}' of ${mod.name}: ${r.error.issues[0]?.message ?? 'invalid value'}`,
          keyWhere(key),
        );
      }
    }
  }
  if (isTemplated(args)) {
    if (schema instanceof z.ZodObject) {
      const shape = schema.shape as Record<string, z.ZodType>;
      for (const [key, field] of Object.entries(shape)) {
        if (args[key] === undefined && !field.safeParse(undefined).success) {
          throw ctx.error('PRV208', `module ${mod.name} needs parameter '${key}'`, argsWhere, {
            key: !inline,
          });
        }
      }
    }
    return;
  }
  const r = schema.safeParse(args);
  if (!r.success) {
    const issue = r.error.issues[0];
    const key = issue?.path[0];
    const onKey = typeof key === 'string' && key in args;
    const field = typeof key === 'string' ? `parameter '${key}' of ${mod.name}` : `module ${mod.name}`;
    throw ctx.error(
      'PRV208',
      `${field}: ${issue?.message ?? 'invalid parameters'}`,
      onKey ? keyWhere(key) : argsWhere,
      { key: !onKey && !inline },
    );
  }
}

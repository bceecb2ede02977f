import type { SourceLocation } from '../errors/location.js';
import { TemplateError } from '../errors/provision-error.js';
import type { EvalOptions } from './options.js';
import { isTemplatedValue, renderValueAt, type Scope } from './render.js';
import { hasKey, readKey } from './values.js';

export interface TemplatedScopeOptions extends EvalOptions {
  /** Where variable `name` was defined, so an error inside its value points there. */
  locate?: (name: string) => SourceLocation | undefined;
}

/**
 * A scope whose variables are templated when read, as Ansible does: with `url: "http://{{ host }}"`,
 * `{{ url }}` renders `host` too. Each value is rendered once per scope; a variable reaching itself again
 * (`a: "{{ b }}"`, `b: "{{ a }}"`) is a PRV317 error naming the loop.
 */
export function templatedScope(vars: Scope, options: TemplatedScopeOptions = {}): Scope {
  const rendered = new Map<string, unknown>();
  const rendering: string[] = [];
  const { locate, ...evalOptions } = options;
  const proxy: Scope = new Proxy(vars, {
    has: (target, name) => typeof name === 'string' && hasKey(target, name),
    get: (target, name) => {
      if (typeof name !== 'string' || !hasKey(target, name)) return undefined;
      const raw = readKey(target, name);
      if (!isTemplatedValue(raw)) return raw;
      if (rendered.has(name)) return rendered.get(name);
      if (rendering.includes(name)) {
        const loop = [...rendering.slice(rendering.indexOf(name)), name].join(' → ');
        throw new TemplateError({
          code: 'PRV317',
          message: `variable '${name}' is defined in terms of itself: ${loop}`,
          location: locate?.(name) ?? options.location,
        });
      }
      rendering.push(name);
      try {
        const value = renderValueAt(raw, proxy, { ...evalOptions, location: locate?.(name) });
        rendered.set(name, value);
        return value;
      } finally {
        rendering.pop();
      }
    },
  });
  return proxy;
}

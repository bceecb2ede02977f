import { TemplateError } from '../errors/index.js';
import type { EvalOptions } from '../template/index.js';
import { renderValue, type Scope, UnknownValue } from '../template/index.js';
import type { VarLayer } from './precedence.js';

export class VariableCycleError extends TemplateError {}

/**
 * A variable scope over precedence layers (lowest first). Reading a variable from a templated layer renders it
 * against the same scope, lazily and once, so `a: "{{ b }}"` sees the b of the right precedence; a variable that
 * needs itself is a clear error instead of a stack overflow.
 */
export function createScope(
  layers: readonly VarLayer[],
  magic: Record<string, unknown>,
  options: EvalOptions = {},
): Scope {
  const winner = new Map<string, VarLayer>();
  for (const layer of layers) for (const key of Object.keys(layer.vars)) winner.set(key, layer);
  const cache = new Map<string, unknown>();
  const rendering = new Set<string>();
  const target: Record<string, unknown> = {};
  let proxy: Scope;
  const read = (name: string): unknown => {
    if (cache.has(name)) return cache.get(name);
    const layer = winner.get(name);
    if (!layer) return magic[name];
    const raw = layer.vars[name];
    if (!layer.templated || raw instanceof UnknownValue) return raw;
    if (rendering.has(name)) {
      throw new VariableCycleError({
        code: 'PRV390',
        message: `variable '${name}' refers to itself (${[...rendering, name].join(' -> ')})`,
        location: options.location,
      });
    }
    rendering.add(name);
    try {
      const value = renderValue(raw, proxy, options);
      cache.set(name, value);
      return value;
    } finally {
      rendering.delete(name);
    }
  };
  proxy = new Proxy(target, {
    has: (_t, key) => typeof key === 'string' && (winner.has(key) || key in magic),
    get: (_t, key) => (typeof key === 'string' ? read(key) : undefined),
    ownKeys: () => [...new Set([...winner.keys(), ...Object.keys(magic)])],
    getOwnPropertyDescriptor: (_t, key) =>
      typeof key === 'string' && (winner.has(key) || key in magic)
        ? { enumerable: true, configurable: true, writable: false, value: read(key) }
        : undefined,
  });
  return proxy;
}

/** Raw (unrendered) value of the winning layer, for `vars` introspection and secret detection. */
export function mergeLayers(layers: readonly VarLayer[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const layer of layers) Object.assign(out, layer.vars);
  return out;
}

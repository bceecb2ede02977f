import type { SourceLocation } from '../errors/location.js';
import { type TextPosition, UnknownValue, UnknownValueError } from './errors.js';
import { evaluateNode, scopeResolver } from './evaluate.js';
import { compileTemplate, renderCompiled } from './handlebars-bridge.js';
import { OMIT } from './omit.js';
import type { EvalOptions } from './options.js';
import { isMapping, toText } from './values.js';

export type Scope = Record<string, unknown>;

/** Cheap test before compiling: only text with mustaches or Jinja markup needs the template engine. */
export function hasMarkup(text: string): boolean {
  return text.includes('{{') || text.includes('{%') || text.includes('{#');
}

function position(text: string, location: SourceLocation | undefined, exact = true): TextPosition {
  return { text, base: location, exact };
}

/** A typed result must not hide unknown parts: anything reading it later would be wrong. */
function assertKnown(v: unknown, depth = 0): void {
  if (v instanceof UnknownValue) throw new UnknownValueError(v.reason);
  if (depth > 100) return;
  if (Array.isArray(v)) for (const x of v) assertKnown(x, depth + 1);
  else if (isMapping(v)) for (const k of Object.keys(v)) assertKnown(v[k], depth + 1);
}

export function renderStringAt(text: string, scope: Scope, options: EvalOptions, exact = true): string {
  if (!hasMarkup(text)) return text;
  const pos = position(text, options.location, exact);
  return renderCompiled(compileTemplate(text, pos), scope, options, pos);
}

/** A string: one `{{ expr }}` keeps the value's type; anything else renders to text. */
function renderText(text: string, scope: Scope, options: EvalOptions, exact: boolean): unknown {
  if (!hasMarkup(text)) return text;
  const pos = position(text, options.location, exact);
  const entry = compileTemplate(text, pos);
  const single = entry.compiled.single;
  if (single !== undefined) {
    const { expr, offset } = entry.compiled.exprs[single]!;
    const value = evaluateNode(expr.node, scopeResolver(scope), options, {
      pos,
      offset,
      source: expr.source,
    });
    assertKnown(value);
    // Whitespace around a lone expression is text when the value is text: "{{ lines | join('\n') }}\n" ends
    // in a newline, as in Ansible. Other values keep their type.
    if (typeof value === 'string')
      return `${/^\s*/.exec(text)?.[0] ?? ''}${value}${/\s*$/.exec(text)?.[0] ?? ''}`;
    return value;
  }
  return renderCompiled(entry, scope, options, pos);
}

function renderDeep(
  value: unknown,
  scope: Scope,
  options: EvalOptions,
  exact: boolean,
  depth: number,
): unknown {
  if (typeof value === 'string') return renderText(value, scope, options, exact);
  if (depth > 200) return value;
  if (Array.isArray(value)) {
    return value.map((v) => renderDeep(v, scope, options, false, depth + 1)).filter((v) => v !== OMIT);
  }
  if (
    isMapping(value) &&
    (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null)
  ) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const rendered = renderDeep(v, scope, options, false, depth + 1);
      if (rendered === OMIT) continue;
      const key = hasMarkup(k) ? toText(renderText(k, scope, options, false)) : k;
      Object.defineProperty(out, key, {
        value: rendered,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return value;
}

/**
 * Renders every string inside `value`. Nested strings report errors at `options.location` itself (their own
 * position is not known here); a top-level string gets the exact line:col.
 */
export function renderValueAt(value: unknown, scope: Scope, options: EvalOptions): unknown {
  return renderDeep(value, scope, options, true, 0);
}

export function isTemplatedValue(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('{{') || value.includes('{%');
  if (depth > 200) return false;
  if (Array.isArray(value)) return value.some((v) => isTemplatedValue(v, depth + 1));
  if (isMapping(value)) {
    return Object.entries(value).some(([k, v]) => k.includes('{{') || isTemplatedValue(v, depth + 1));
  }
  return false;
}

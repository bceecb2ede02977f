import type { TemplateError } from '../errors/provision-error.js';
import { type TextPosition, templateErrorAt } from './errors.js';

/** The handlebars form of a Jinja statement, for the error's hint. */
function equivalent(statement: string): string {
  const m = /^\s*-?\s*(\w+)\s*([\s\S]*?)\s*-?\s*$/.exec(statement);
  const keyword = m?.[1] ?? '';
  const rest = m?.[2] ?? '';
  switch (keyword) {
    case 'if':
      return `write {{#if ${rest || 'cond'}}}…{{else}}…{{/if}} instead`;
    case 'elif':
      return `write {{else if ${rest || 'cond'}}} instead`;
    case 'else':
      return 'write {{else}} instead';
    case 'endif':
      return 'write {{/if}} instead';
    case 'for': {
      const f = /^(\w+)(?:\s*,\s*(\w+))?\s+in\s+([\s\S]+)$/.exec(rest);
      if (f?.[2]) {
        const items = /^(.*)\.items\(\)$/.exec(f[3]!.trim());
        if (items)
          return `write {{#each ${items[1]} as |${f[2]} ${f[1]}|}}…{{/each}} instead (value first, then key)`;
        return `write {{#each ${f[3]} as |pair|}}…{{ pair[0] }} {{ pair[1] }}…{{/each}} instead`;
      }
      if (f) {
        return `write {{#each ${f[3]} as |${f[1]}|}}…{{/each}} instead ({{@index}} is the position, {{else}} handles an empty list)`;
      }
      return 'write {{#each list as |item|}}…{{/each}} instead';
    }
    case 'endfor':
      return 'write {{/each}} instead';
    case 'set':
      return 'set the value with vars or set_fact, or compute it inline: {{ a ~ b }}';
    case 'raw':
    case 'endraw':
      return 'to print a literal {{, write \\{{ instead';
    case 'with':
      return 'write {{#with value}}…{{/with}} instead';
    default:
      return 'use {{#if}}, {{#each}}, {{#unless}} or {{#with}} blocks; see docs/templates.md';
  }
}

/** Finds a Jinja `{% … %}` statement or `{# … #}` comment starting at `at`; returns the error to throw. */
export function jinjaMarkupError(text: string, at: number, pos: TextPosition): TemplateError | undefined {
  const kind = text[at + 1];
  const close = text.indexOf(kind === '%' ? '%}' : '#}', at + 2);
  if (close < 0) return undefined;
  const inner = text.slice(at + 2, close);
  if (kind === '#') {
    return templateErrorAt(
      'PRV304',
      'Jinja comments {# … #} are not supported',
      pos,
      at,
      `write {{!-- ${inner.trim()} --}} instead`,
    );
  }
  return templateErrorAt(
    'PRV303',
    `Jinja statement {%${inner}%} is not supported`,
    pos,
    at,
    equivalent(inner),
  );
}

import { describe, expect, it } from 'vitest';
import {
  evaluateExpression,
  parseExpression,
  registerFilter,
  renderString,
} from '../../src/template/index.js';

describe('public API', () => {
  it('a parsed expression is evaluated against many scopes', () => {
    const expr = parseExpression("name | default('anon') | upper");
    expect(expr.source).toBe("name | default('anon') | upper");
    expect(evaluateExpression(expr, { name: 'x' })).toBe('X');
    expect(evaluateExpression(expr, {})).toBe('ANON');
  });

  it('registerFilter adds a filter with positional and keyword arguments', () => {
    registerFilter('wrap_test', (input, left, right, kw) => {
      const opts = (kw ?? {}) as { upper?: boolean };
      const s = `${String(left)}${String(input)}${String(right)}`;
      return opts.upper ? s.toUpperCase() : s;
    });
    expect(renderString("{{ 'a' | wrap_test('[', ']') }}", {})).toBe('[a]');
    expect(renderString("{{ 'a' | wrap_test('<', '>', upper=true) }}", {})).toBe('<A>');
  });

  it('a registered filter that throws fails as PRV308 at the filter', () => {
    registerFilter('boom_test', () => {
      throw new Error('kaput');
    });
    expect(() =>
      evaluateExpression('1 | boom_test', {}, { location: { file: 'f', line: 2, col: 3 } }),
    ).toThrow(
      expect.objectContaining({
        code: 'PRV308',
        message: "filter 'boom_test' failed: kaput",
        location: { file: 'f', line: 2, col: 3 },
      }),
    );
  });
});

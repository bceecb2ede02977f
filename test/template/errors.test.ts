import { describe, expect, it } from 'vitest';
import { TemplateError } from '../../src/errors/index.js';
import {
  checkExpressionSyntax,
  checkTemplateSyntax,
  evaluateExpression,
  parseExpression,
  renderString,
  UndefinedVariableError,
} from '../../src/template/index.js';

const at = { file: 'roles/x/tasks/main.yml', line: 10, col: 7 };

function caught(fn: () => unknown): TemplateError {
  try {
    fn();
  } catch (e) {
    if (e instanceof TemplateError) return e;
    throw e;
  }
  throw new Error('expected a TemplateError');
}

describe('syntax errors point at the offending token', () => {
  it.each([
    ['a ==', 'PRV301', 10, 11, /end of expression/],
    ["x | default('y'", 'PRV301', 10, 22, /expected '\)'/],
    ['a b', 'PRV301', 10, 9, /unexpected 'b'/],
    ["'unterminated", 'PRV301', 10, 7, /unterminated string/],
    ['a $ b', 'PRV301', 10, 9, /unexpected character '\$'/],
    ['', 'PRV301', 10, 7, /empty expression/],
    ['[1, 2', 'PRV301', 10, 12, /expected '\]'/],
    ['a |', 'PRV301', 10, 10, /expected a name/],
  ])('%j', (text, code, line, col, message) => {
    const e = caught(() => parseExpression(text, at));
    expect(e.code).toBe(code);
    expect(e.location).toEqual({ file: at.file, line, col });
    expect(e.message).toMatch(message);
    expect(e.snippet).toContain('^');
  });

  it('locates a problem on a later line of a multi-line template', () => {
    const text = 'first line\nsecond {{ ok }}\n  third {{ a | | b }}\n';
    const e = caught(() => checkTemplateSyntax(text, at));
    expect(e.code).toBe('PRV301');
    expect(e.location).toEqual({ file: at.file, line: 12, col: 16 });
    expect(e.snippet).toBe('  third {{ a | | b }}\n               ^');
  });

  it('reports unknown filters and tests statically', () => {
    expect(caught(() => checkExpressionSyntax('x | frobnicate', at))).toMatchObject({
      code: 'PRV306',
      location: { line: 10, col: 7 },
    });
    expect(caught(() => checkExpressionSyntax('x is shiny', at)).code).toBe('PRV307');
    expect(caught(() => checkTemplateSyntax('ok {{ x | nope }}', at))).toMatchObject({
      code: 'PRV306',
      location: { col: 13 },
    });
    expect(caught(() => checkExpressionSyntax('evil(1)', at)).code).toBe('PRV316');
    expect(() => checkExpressionSyntax("x | default('a') is string and y in z", at)).not.toThrow();
    expect(() => checkExpressionSyntax('{{ x | ansible.utils.ipaddr("network") }}', at)).not.toThrow();
  });
});

describe('Jinja statements are rejected with the handlebars form', () => {
  it.each([
    ['{% if x %}a{% endif %}', 'PRV303', 1, '{{#if x}}'],
    ['line\n  {% for u in users %}{{ u }}{% endfor %}', 'PRV303', 2, '{{#each users as |u|}}'],
    ['{% for k, v in d.items() %}', 'PRV303', 1, '{{#each d as |v k|}}'],
    ['{% for a, b in pairs %}', 'PRV303', 1, '{{ pair[0] }}'],
    ['{%- elif y -%}', 'PRV303', 1, '{{else if y}}'],
    ['{% else %}', 'PRV303', 1, '{{else}}'],
    ['{% endfor %}', 'PRV303', 1, '{{/each}}'],
    ['{% set a = 1 %}', 'PRV303', 1, 'set_fact'],
    ['{% raw %}', 'PRV303', 1, '\\{{'],
    ['x {# note #} y', 'PRV304', 1, '{{!-- note --}}'],
  ])('%j', (template, code, line, hint) => {
    const e = caught(() => renderString(template, {}, { location: { file: 't.j2', line: 1, col: 1 } }));
    expect(e.code).toBe(code);
    expect(e.location?.line).toBe(line);
    expect(e.hint).toContain(hint);
    expect(caught(() => checkTemplateSyntax(template, at)).code).toBe(code);
  });

  it('points at the exact column of the statement', () => {
    const e = caught(() => checkTemplateSyntax('abc {% if x %}', at));
    expect(e.location).toEqual({ file: at.file, line: 10, col: 11 });
  });
});

describe('handlebars structure errors', () => {
  it.each([
    ['{{#if x}}no end', 'PRV305', /never closed/],
    ['{{/if}}', 'PRV305', /never opened/],
    ['{{#if x}}{{/each}}', 'PRV305', /expected \{\{\/if\}\}/],
    ['{{else}}', 'PRV305', /outside a block/],
    ['{{#if}}x{{/if}}', 'PRV305', /needs a value/],
    ['{{ unclosed', 'PRV305', /unclosed/],
    ['{{#frob x}}{{/frob}}', 'PRV310', /unknown block helper/],
    ['{{> partial}}', 'PRV310', /partials/],
    ['{{^x}}y{{/x}}', 'PRV310', /#unless/],
    ['{{#each xs as |a b c|}}{{/each}}', 'PRV305', /block parameters/],
  ])('%j', (template, code, message) => {
    const e = caught(() => checkTemplateSyntax(template, at));
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
    expect(e.location?.file).toBe(at.file);
  });
});

describe('undefined variables', () => {
  it('names the variable and where it is read', () => {
    const e = caught(() =>
      renderString('host: {{ inventory_hostname }}\nip: {{ missing_ip }}', {}, { location: at }),
    );
    expect(e).toBeInstanceOf(UndefinedVariableError);
    expect(e.code).toBe('PRV302');
    expect(e.message).toContain('inventory_hostname');
    expect(e.location).toEqual({ file: at.file, line: 10, col: 16 });
    expect((e as UndefinedVariableError).variable).toBe('inventory_hostname');
  });

  it('names a missing member by its full path', () => {
    const e = caught(() =>
      evaluateExpression("hostvars['n9'].ansible_host", { hostvars: {} }, { location: at }),
    );
    expect(e).toBeInstanceOf(UndefinedVariableError);
    expect(e.message).toContain("hostvars['n9']");
    expect(e.location).toEqual({ file: at.file, line: 10, col: 7 });
  });

  it('inside a loop, names the field that is missing', () => {
    const e = caught(() =>
      renderString(
        '{{#each users}}\n{{ name }} {{ shelll }}\n{{/each}}',
        { users: [{ name: 'a', shell: 'sh' }] },
        { location: at },
      ),
    );
    expect(e.message).toContain('shelll');
    expect(e.location).toEqual({ file: at.file, line: 11, col: 15 });
  });

  it('treats a Proxy scope by `in`', () => {
    const scope = new Proxy({} as Record<string, unknown>, {
      has: (_t, k) => k === 'dynamic',
      get: (_t, k) => (k === 'dynamic' ? 'value' : undefined),
    });
    expect(renderString('{{ dynamic }}', scope)).toBe('value');
    expect(() => renderString('{{ other }}', scope)).toThrow(UndefinedVariableError);
    expect(evaluateExpression('other is defined', scope)).toBe(false);
  });
});

describe('run-time type errors are template errors', () => {
  it.each([
    ["1 + 'a'", 'PRV309'],
    ["1 < 'a'", 'PRV309'],
    ['1 / 0', 'PRV309'],
    ['5 in 3', 'PRV309'],
    ["'x' * 100000000", 'PRV315'],
    ['range(100000000)', 'PRV315'],
    ["'x'.nomethod()", 'PRV316'],
    ['foo()', 'PRV316'],
    ["lookup('pipe', 'ls')", 'PRV311'],
    ["lookup('file', '/etc/hostname')", 'PRV311'],
    ['3 | length', 'PRV308'],
    ['none | join', 'PRV308'],
  ])('%s → %s', (text, code) => {
    const e = caught(() => evaluateExpression(text, {}, { location: at }));
    expect(e.code).toBe(code);
    expect(e.location?.file).toBe(at.file);
  });
});

describe('the hint for a dict loop renders what the Jinja loop did', () => {
  it('{{#each d as |v k|}} walks keys and values', () => {
    expect(renderString('{{#each d as |v k|}}{{k}}={{v}} {{/each}}', { d: { a: 1, b: 2 } })).toBe('a=1 b=2 ');
  });
});

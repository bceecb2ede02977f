import { describe, expect, it } from 'vitest';
import { TemplateError } from '../../src/errors/index.js';
import {
  evaluateCondition,
  renderString,
  renderValue,
  templatedScope,
  UnknownValue,
  UnknownValueError,
} from '../../src/template/index.js';

describe('templatedScope: variables are templated when read, as in Ansible', () => {
  it('renders values that refer to other variables, keeping types', () => {
    const scope = templatedScope({
      host: '198.18.0.11',
      port: 6443,
      endpoint: '{{ host }}:{{ port }}',
      url: 'https://{{ endpoint }}',
      workers: "{{ all_hosts | reject('eq', host) | list }}",
      all_hosts: ['198.18.0.11', '198.18.0.12'],
      nested: { api: '{{ url }}/api', list: ['{{ port }}'] },
    });
    expect(renderString('{{ url }}', scope)).toBe('https://198.18.0.11:6443');
    expect(renderValue('{{ workers }}', scope)).toEqual(['198.18.0.12']);
    expect(renderValue('{{ nested }}', scope)).toEqual({ api: 'https://198.18.0.11:6443/api', list: [6443] });
    expect(evaluateCondition("nested.api.endswith('/api')", scope)).toBe(true);
    expect(evaluateCondition('missing is defined', scope)).toBe(false);
  });

  it('names a self-referencing loop (PRV317) at the variable definition', () => {
    const scope = templatedScope(
      { a: '{{ b }}', b: 'x{{ c }}', c: '{{ a }}' },
      { locate: (name) => ({ file: 'group_vars/all.yml', line: name.charCodeAt(0) - 96, col: 4 }) },
    );
    try {
      renderString('{{ a }}', scope);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(TemplateError);
      expect(e).toMatchObject({ code: 'PRV317', location: { file: 'group_vars/all.yml', line: 1 } });
      expect((e as Error).message).toContain('a → b → c → a');
    }
  });

  it('reports an undefined variable inside a value at that value', () => {
    const scope = templatedScope(
      { url: 'http://{{ nope }}' },
      { locate: () => ({ file: 'vars.yml', line: 3, col: 6 }) },
    );
    expect(() => renderString('{{ url }}', scope)).toThrow(
      expect.objectContaining({ code: 'PRV302', location: { file: 'vars.yml', line: 3, col: 16 } }),
    );
  });

  it('passes unknown values through untouched until read', () => {
    const scope = templatedScope({ r: new UnknownValue('not run in check mode'), msg: 'rc={{ r.rc }}' });
    expect(evaluateCondition('r is defined', scope)).toBe(true);
    expect(() => renderString('{{ msg }}', scope)).toThrow(UnknownValueError);
  });
});

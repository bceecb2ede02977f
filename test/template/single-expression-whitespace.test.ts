import { describe, expect, it } from 'vitest';
import { renderValue } from '../../src/template/index.js';

// `content: "{{ lines | join('\n') }}\n"` must end in a newline, as Ansible writes it: the whitespace around a
// lone expression is text when the expression gives a string.
describe('whitespace around a single expression', () => {
  const scope = { modules: ['overlay', 'br_netfilter'], names: ['a', 'b'], port: 8080 };

  it('keeps a trailing newline after a string expression', () => {
    expect(renderValue("{{ modules | join('\n') }}\n", scope)).toBe('overlay\nbr_netfilter\n');
  });

  it('keeps leading and trailing spaces after a string expression', () => {
    expect(renderValue("  {{ modules | join(',') }} ", scope)).toBe('  overlay,br_netfilter ');
  });

  it('still keeps the type of a lone expression that is not a string', () => {
    expect(renderValue('{{ names }}', scope)).toEqual(['a', 'b']);
    expect(renderValue(' {{ port }}\n', scope)).toBe(8080);
  });
});

import { describe, expect, it } from 'vitest';
import { explicitSymbolicMode, formatMode, resolveMode } from '../../../src/modules/files/file-mode.js';
import { filesModules } from '../../../src/modules/files/index.js';

describe('resolveMode', () => {
  const cases: [string, number, boolean, string][] = [
    ['0644', 0o600, false, '0644'],
    ['755', 0o600, true, '0755'],
    ['u=rw,g=r,o=', 0o777, false, '0640'],
    ['u+x', 0o644, false, '0744'],
    ['a-w', 0o664, false, '0444'],
    ['go-rwx', 0o755, true, '0700'],
    ['u=rwX,g=rX,o=', 0o644, false, '0640'],
    ['u=rwX,g=rX,o=', 0o644, true, '0750'],
    ['a+X', 0o744, false, '0755'],
    ['=r', 0o777, false, '0444'],
    ['u+s,g+s', 0o755, true, '6755'],
    ['+t', 0o777, true, '1777'],
    ['o=t', 0o755, true, '1750'],
  ];
  for (const [mode, current, isDir, want] of cases) {
    it(`${mode} on ${formatMode(current)}${isDir ? ' (dir)' : ''} → ${want}`, () => {
      expect(formatMode(resolveMode(mode, current, isDir))).toBe(want);
    });
  }
  it('names the users of every clause, so chmod does not apply the umask', () => {
    expect(explicitSymbolicMode('=r,+x,u-w')).toBe('a=r,a+x,u-w');
  });
});

describe('filesModules', () => {
  it('has one module per name, each rejecting unknown parameters', () => {
    const names = filesModules.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.sort()).toEqual(
      [
        'blockinfile',
        'copy',
        'fetch',
        'file',
        'get_url',
        'lineinfile',
        'replace',
        'slurp',
        'stat',
        'template',
        'unarchive',
      ].sort(),
    );
    for (const m of filesModules) {
      const r = m.schema.safeParse({ not_a_parameter: 1 });
      expect(r.success, m.name).toBe(false);
      if (!r.success)
        expect(
          r.error.issues.some((i) => i.code === 'unrecognized_keys'),
          m.name,
        ).toBe(true);
    }
  });
});

describe('owner and group parameters', () => {
  it('take a name or a numeric id (YAML may give a number)', () => {
    const copy = filesModules.find((m) => m.name === 'copy');
    expect(copy?.schema.parse({ content: 'x', dest: '/x', owner: 1000, group: 'adm' })).toMatchObject({
      owner: '1000',
      group: 'adm',
    });
    expect(copy?.schema.safeParse({ content: 'x', dest: '/x', owner: '' }).success).toBe(false);
  });
});

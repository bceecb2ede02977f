import { describe, expect, it } from 'vitest';
import { parseYamlSource, YamlSyntaxError } from '../src/yaml-source/index.js';

describe('parseYamlSource', () => {
  it('locates values and keys by path', () => {
    const src = parseYamlSource('- name: a\n  hosts: all\n  tasks:\n    - debug: msg=hi\n', 'p.yml');
    expect(src.locate([0, 'tasks', 0, 'debug'])).toEqual({ file: 'p.yml', line: 4, col: 14 });
    expect(src.locate([0, 'hosts'], { key: true })).toEqual({ file: 'p.yml', line: 2, col: 3 });
    expect(src.locate([0, 'missing'])).toEqual({ file: 'p.yml', line: 1, col: 3 });
  });

  it('reports syntax errors with a location and snippet', () => {
    try {
      parseYamlSource('a: [1, 2\nb: 3\n', 'bad.yml');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(YamlSyntaxError);
      const p = (e as YamlSyntaxError).problem;
      expect(p.location.file).toBe('bad.yml');
      expect(p.location.line).toBeGreaterThanOrEqual(1);
    }
  });

  it('rejects duplicate keys', () => {
    expect(() => parseYamlSource('a: 1\na: 2\n', 'dup.yml')).toThrow(YamlSyntaxError);
  });

  it('reads yes/no as booleans like Ansible, keeps octal-looking and sexagesimal scalars as strings', () => {
    expect(
      parseYamlSource('a: yes\nb: 0644\nc: off\nd: 22:22\ne: 755\nf: "no"\ng: y\nh: N\n', 'x.yml').value,
    ).toEqual({
      a: true,
      b: '0644',
      c: false,
      d: '22:22',
      e: 755,
      f: 'no',
      g: 'y',
      h: 'N',
    });
  });
});

describe('aliases', () => {
  it('an alias to an undefined anchor is a syntax error with a position', () => {
    try {
      parseYamlSource('a: 1\nb: *nope\n', 'alias.yml');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(YamlSyntaxError);
      expect((e as YamlSyntaxError).problem.location).toMatchObject({ line: 2, col: 4 });
    }
  });
});

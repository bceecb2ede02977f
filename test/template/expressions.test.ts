import { describe, expect, it } from 'vitest';
import { evaluateExpression, isTruthy } from '../../src/template/index.js';

const scope = {
  a: 1,
  b: 2,
  s: 'hello',
  n: null,
  t: true,
  f: false,
  list: [1, 2, 3],
  d: { k: 'v', nested: { deep: 42 }, 'with-dash': 'x' },
  empty_s: '',
  empty_l: [],
  empty_d: {},
  i: 1,
  key: 'k',
  groups: { control_plane: ['cp1', 'cp2'], workers: ['w1'] },
  hostvars: { cp1: { ansible_host: '10.0.0.1' }, w1: { ansible_host: '10.0.0.9' } },
  h: 'w1',
};

const ev = (text: string) => evaluateExpression(text, scope);

describe('literals', () => {
  it.each([
    ["'single'", 'single'],
    ['"double"', 'double'],
    ["'it\\'s'", "it's"],
    ["'a\\nb'", 'a\nb'],
    ["'a' 'b'", 'ab'],
    ['42', 42],
    ['-3', -3],
    ['3.5', 3.5],
    ['1e3', 1000],
    ['true', true],
    ['True', true],
    ['false', false],
    ['False', false],
    ['none', null],
    ['None', null],
    ['null', null],
    ['[1, "a", [2]]', [1, 'a', [2]]],
    ['[]', []],
    ['[1, 2,]', [1, 2]],
    ["{'x': 1, 'y': [a]}", { x: 1, y: [1] }],
    ['{}', {}],
    ['(1, 2)', [1, 2]],
    ['()', []],
  ])('%s', (text, expected) => {
    expect(ev(text)).toEqual(expected);
  });
});

describe('variables and access', () => {
  it.each([
    ['a', 1],
    ['d.k', 'v'],
    ["d['k']", 'v'],
    ['d[key]', 'v'],
    ['d.nested.deep', 42],
    ["d['nested']['deep']", 42],
    ["d['with-dash']", 'x'],
    ['list[0]', 1],
    ['list[i]', 2],
    ['list[-1]', 3],
    ['list.0', 1],
    ['list[1:]', [2, 3]],
    ['list[:-1]', [1, 2]],
    ['list[::-1]', [3, 2, 1]],
    ['list[::2]', [1, 3]],
    ['s[0]', 'h'],
    ['s[1:3]', 'el'],
    ["groups['control_plane'][0]", 'cp1'],
    ['groups.control_plane[1]', 'cp2'],
    ['hostvars[h].ansible_host', '10.0.0.9'],
    ["hostvars[groups['control_plane'][0]]['ansible_host']", '10.0.0.1'],
  ])('%s', (text, expected) => {
    expect(ev(text)).toEqual(expected);
  });

  it('never reaches JavaScript internals through attribute names', () => {
    expect(() => ev('d.constructor')).toThrow(/undefined/);
    expect(() => ev("d['__proto__']")).toThrow(/undefined/);
    expect(() => ev('s.constructor')).toThrow(/undefined/);
    expect(() => ev('constructor')).toThrow(/undefined/);
  });
});

describe('operators', () => {
  it.each([
    ['a + b', 3],
    ['b - a', 1],
    ['b * 3', 6],
    ['7 / 2', 3.5],
    ['7 // 2', 3],
    ['-7 // 2', -4],
    ['7 % 3', 1],
    ['-7 % 3', 2],
    ['2 ** 10', 1024],
    ['2 + 3 * 4', 14],
    ['(2 + 3) * 4', 20],
    ['-2 ** 2', 4],
    ["'a' + 'b'", 'ab'],
    ["'ab' * 3", 'ababab'],
    ['[1] + [2]', [1, 2]],
    ['[0] * 3', [0, 0, 0]],
    ["'n' ~ 1 ~ true ~ none", 'n1TrueNone'],
    ["s ~ '-' ~ list", 'hello-[1, 2, 3]'],
    ["'%s-%d' % ('x', 3)", 'x-3'],
    ['a == 1', true],
    ['a != 1', false],
    ['1 == 1.0', true],
    ['true == 1', true],
    ['[1, [2]] == [1, [2]]', true],
    ["{'a': 1} == {'a': 1}", true],
    ['a < b', true],
    ['a <= 1', true],
    ['b > a', true],
    ['b >= 3', false],
    ['1 < 2 < 3', true],
    ['3 > 2 > 2', false],
    ["'abc' < 'abd'", true],
    ['[1, 2] < [1, 3]', true],
    ['1 in list', true],
    ['5 in list', false],
    ['5 not in list', true],
    ["'ell' in s", true],
    ["'k' in d", true],
    ["'zz' not in d", true],
    ['a and b', 2],
    ['a and 0', 0],
    ['0 or b', 2],
    ["none or 'x'", 'x'],
    ['not a', false],
    ['not empty_l', true],
    ['not a == 2', true],
    ['a == 1 and b == 2 or false', true],
    ["'yes' if t else 'no'", 'yes'],
    ["'yes' if f else 'no'", 'no'],
    ["'yes' if f", ''],
    ["'a' if f else 'b' if t else 'c'", 'b'],
  ])('%s', (text, expected) => {
    expect(ev(text)).toEqual(expected);
  });
});

describe('calls', () => {
  it.each([
    ['range(3)', [0, 1, 2]],
    ['range(1, 4)', [1, 2, 3]],
    ['range(10, 0, -3)', [10, 7, 4, 1]],
    ['s.upper()', 'HELLO'],
    ["'a,b,c'.split(',')", ['a', 'b', 'c']],
    ["'  x '.strip()", 'x'],
    ["s.startswith('he')", true],
    ["s.endswith(('x', 'lo'))", true],
    ["s.replace('l', 'L')", 'heLLo'],
    ["'-'.join(['a', 'b'])", 'a-b'],
    ["'{}:{}'.format(s, a)", 'hello:1'],
    ['d.keys() | list', ['k', 'nested', 'with-dash']],
    ["d.get('k')", 'v'],
    ["d.get('missing', 'dflt')", 'dflt'],
    ["{'a': 1}.items() | list", [['a', 1]]],
    ['list.index(2)', 1],
    ['omit is defined', true],
  ])('%s', (text, expected) => {
    expect(ev(text)).toEqual(expected);
  });
});

describe('truthiness (Jinja, not YAML)', () => {
  it.each([
    [false, false],
    [null, false],
    [undefined, false],
    [0, false],
    ['', false],
    [[], false],
    [{}, false],
    [true, true],
    [1, true],
    [-1, true],
    ['false', true],
    ['no', true],
    ['0', true],
    [[0], true],
    [{ a: 0 }, true],
  ])('%j is %s', (value, expected) => {
    expect(isTruthy(value)).toBe(expected);
  });
});

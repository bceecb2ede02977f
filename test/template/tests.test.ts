import { describe, expect, it } from 'vitest';
import { evaluateExpression } from '../../src/template/index.js';

const scope = {
  s: 'abc',
  n: null,
  i: 3,
  f: 1.5,
  b: true,
  l: [1, 2],
  d: { k: 1 },
  ok: { changed: false, failed: false, rc: 0 },
  bad: { changed: true, failed: true, rc: 1 },
  skipped_r: { changed: false, skipped: true },
  ver: '1.29.3',
};

const ev = (text: string) => evaluateExpression(text, scope);

describe('tests (`is`)', () => {
  it.each([
    ['s is defined', true],
    ['nope is defined', false],
    ['nope is undefined', true],
    ['s is not defined', false],
    ['d.k is defined', true],
    ['d.missing is defined', false],
    ['nope.deeper is defined', false],
    ['n is defined', true],
    ['n is none', true],
    ['s is none', false],
    ['s is string', true],
    ['i is string', false],
    ['i is number', true],
    ['f is number', true],
    ['i is integer', true],
    ['f is integer', false],
    ['f is float', true],
    ['b is boolean', true],
    ['i is boolean', false],
    ['d is mapping', true],
    ['l is mapping', false],
    ['l is sequence', true],
    ['s is sequence', true],
    ['i is sequence', false],
    ['l is iterable', true],
    ['ok is succeeded', true],
    ['ok is success', true],
    ['bad is succeeded', false],
    ['bad is failed', true],
    ['bad is failure', true],
    ['ok is failed', false],
    ['bad is changed', true],
    ['bad is change', true],
    ['ok is not changed', true],
    ['skipped_r is skipped', true],
    ['skipped_r is skip', true],
    ['ok is skipped', false],
    ["s is match('ab')", true],
    ["s is match('bc')", false],
    ["s is search('bc')", true],
    ["s is regex('B', ignorecase=true)", true],
    ["s is regex('^b', match_type='match')", false],
    ["ver is version('1.29', '>=')", true],
    ["ver is version('1.30.0', 'lt')", true],
    ["ver is version('1.29.3')", true],
    ["ver is version_compare('1.29.10', '<')", true],
    ['1 is in(l)', true],
    ["'x' is in('xyz')", true],
    ['l is contains(2)', true],
    ['s is truthy', true],
    ["'' is falsy", true],
    ['0 is truthy', false],
    ['i is eq(3)', true],
    ['i is equalto(3)', true],
    ["[1, 3] | select('==', 3) | list == [3]", true],
    ['i is ne 4', true],
    ['i is gt(2)', true],
    ['i is ge 3', true],
    ['i is lt(2)', false],
    ['i is le(3)', true],
    ['i is odd', true],
    ['i is even', false],
    ['9 is divisibleby(3)', true],
    ['9 is divisibleby 3', true],
    ['n is sameas none', true],
    ['[1] is subset([1, 2])', true],
    ['[1, 2] is superset([2])', true],
    ["'abc' is lower", true],
    ["'/etc' is abs", true],
    ['s is defined and i is odd', true],
    ['not nope is defined', true],
    ['s is ansible.builtin.string', true],
  ])('%s', (text, expected) => {
    expect(ev(text)).toBe(expected);
  });

  it('rejects task-result tests on a non-result and unknown tests', () => {
    expect(() => ev('s is failed')).toThrow(expect.objectContaining({ code: 'PRV308' }));
    expect(() => ev('s is shiny')).toThrow(expect.objectContaining({ code: 'PRV307' }));
  });

  it('fails other tests on undefined input, naming the variable', () => {
    expect(() => ev('nope is none')).toThrow(expect.objectContaining({ code: 'PRV302', variable: 'nope' }));
  });
});

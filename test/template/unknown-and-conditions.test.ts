import { describe, expect, it } from 'vitest';
import {
  evaluateCondition,
  evaluateExpression,
  renderString,
  renderValue,
  UnknownValue,
  UnknownValueError,
} from '../../src/template/index.js';

const unknown = new UnknownValue('registered by "check version", which does not run in check mode');
const scope = {
  result: unknown,
  known: { rc: 0, stdout: 'v1.29.0' },
  list: [1, unknown],
  hostvars: { n1: { out: unknown } },
};

describe('UnknownValue in check mode', () => {
  it.each([
    ['result is defined', true],
    ['result is undefined', false],
    ['result is not defined', false],
    ['known.rc == 0', true],
  ])('%s can be answered: %s', (text, expected) => {
    expect(evaluateExpression(text, scope)).toBe(expected);
  });

  it.each([
    'result',
    'result.rc == 0',
    'result is succeeded',
    'result.stdout is defined',
    "result | default('x')",
    'result | length',
    "result.stdout | regex_search('v')",
    'not result',
    'result == 1',
    "hostvars['n1'].out",
    'list[1] + 1',
  ])('%s stops with UnknownValueError carrying the reason', (text) => {
    try {
      evaluateExpression(text, scope);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(UnknownValueError);
      expect((e as UnknownValueError).reason).toBe(unknown.reason);
    }
  });

  it('propagates out of templates, conditions and typed values', () => {
    expect(() => renderString('rc={{ result.rc }}', scope)).toThrow(UnknownValueError);
    expect(() => renderString('{{#if result.changed}}x{{/if}}', scope)).toThrow(UnknownValueError);
    expect(() => renderString('{{ list }}', scope)).toThrow(UnknownValueError);
    expect(() => evaluateCondition('result.rc != 0', scope)).toThrow(UnknownValueError);
    expect(() => renderValue('{{ list }}', scope)).toThrow(UnknownValueError);
    expect(() => renderValue({ a: ['{{ result }}'] }, scope)).toThrow(UnknownValueError);
  });
});

describe('evaluateCondition', () => {
  const s = { a: 1, b: '', flag: 'false', items: [1, 2], r: { changed: true, failed: false } };
  it.each([
    [true, true],
    [false, false],
    ['a == 1', true],
    ['b', false],
    ['flag', true],
    ['flag | bool', false],
    ['{{ a == 1 }}', true],
    ['  {{ a == 2 }} ', false],
    ['{{ a }} == 1', true],
    [['a == 1', 'items | length == 2'], true],
    [['a == 1', 'b'], false],
    [[], true],
    ['r is changed and r is not failed', true],
    ['missing is not defined or missing', true],
  ])('%j → %s', (cond, expected) => {
    expect(evaluateCondition(cond, s)).toBe(expected);
  });

  it('points into a `{{ }}`-wrapped condition at the right column', () => {
    try {
      evaluateCondition('{{ nope == 1 }}', s, { location: { file: 'p.yml', line: 4, col: 13 } });
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ code: 'PRV302', location: { file: 'p.yml', line: 4, col: 16 } });
    }
  });
});

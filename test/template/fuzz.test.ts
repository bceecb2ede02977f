import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProvisionError, TemplateError } from '../../src/errors/index.js';
import {
  checkExpressionSyntax,
  checkTemplateSyntax,
  evaluateCondition,
  evaluateExpression,
  parseExpression,
  renderString,
  renderValue,
  UnknownValue,
  UnknownValueError,
} from '../../src/template/index.js';

const at = { file: 'fuzz.yml', line: 1, col: 1 };
const scope = {
  a: 1,
  s: 'text',
  l: [1, 'two', [3], { k: 'v' }],
  d: { k: 'v', n: { m: [1, 2] } },
  n: null,
  t: true,
  u: new UnknownValue('fuzz'),
  cidr: '10.0.0.0/8',
  hostvars: { h1: { ansible_host: '10.0.0.1' } },
  groups: { all: ['h1'] },
};

/** Only typed errors may escape: a ProvisionError subclass or UnknownValueError, never TypeError/RangeError. */
function onlyTypedErrors(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof ProvisionError || e instanceof UnknownValueError)) {
      throw new Error(`untyped error escaped: ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
    }
  }
}

const TOKENS = [
  'a',
  's',
  'l',
  'd',
  'n',
  't',
  'u',
  'cidr',
  'hostvars',
  'groups',
  'x',
  'this',
  '@index',
  '../a',
  '0',
  '1',
  '-1',
  '2.5',
  '1e400',
  "'q'",
  '"q"',
  "'",
  '"',
  '\\',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ',',
  ':',
  '.',
  '|',
  '+',
  '-',
  '*',
  '/',
  '//',
  '%',
  '**',
  '~',
  '==',
  '!=',
  '<',
  '>=',
  'and',
  'or',
  'not',
  'in',
  'is',
  'if',
  'else',
  'none',
  'true',
  'default',
  'd',
  'join',
  'length',
  'int',
  'map',
  'select',
  'selectattr',
  'ipaddr',
  'nthhost',
  'regex_replace',
  'regex_search',
  'combine',
  'flatten',
  'range',
  'lookup',
  'omit',
  'defined',
  'version',
  'match',
  'to_json',
  'from_yaml',
  'b64decode',
  'split',
  'items',
  'keys',
  'sort',
  'first',
  'list',
  'zip',
  'batch',
  'format',
  '(?P<x>',
  '.*',
  '{{',
  '}}',
  '{{{',
  '}}}',
  '{%',
  '%}',
  '{#',
  '#}',
  '{{#if',
  '{{#each',
  '{{/if}}',
  '{{/each}}',
  '{{else}}',
  '{{!',
  '--}}',
  'as |x|',
  '~}}',
  '{{~',
  '\n',
  ' ',
];
const tokenSoup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 25 }).map((t) => t.join(' '));
const tightSoup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 25 }).map((t) => t.join(''));
const anyText = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  tokenSoup,
  tightSoup,
);

const runs = { numRuns: 1500 };

describe('fuzzing: no input crashes the template layer', () => {
  it('parseExpression', () => {
    fc.assert(
      fc.property(anyText, (text) => onlyTypedErrors(() => parseExpression(text, at))),
      runs,
    );
  });

  it('evaluateExpression and evaluateCondition', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        onlyTypedErrors(() => evaluateExpression(text, scope, { location: at }));
        onlyTypedErrors(() => evaluateCondition(text, scope, { location: at }));
      }),
      runs,
    );
  });

  it('renderString and renderValue (inside mustaches too)', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        onlyTypedErrors(() => renderString(text, scope, { location: at }));
        onlyTypedErrors(() => renderString(`{{ ${text} }}`, scope, { location: at }));
        onlyTypedErrors(() => renderValue({ k: [text] }, scope, { location: at }));
      }),
      runs,
    );
  });

  it('checkTemplateSyntax and checkExpressionSyntax', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        onlyTypedErrors(() => checkTemplateSyntax(text, at));
        onlyTypedErrors(() => checkExpressionSyntax(text, at));
      }),
      runs,
    );
  });

  it('deep nesting is a typed error, not a stack overflow', () => {
    for (const text of [
      '('.repeat(5000) + 'a' + ')'.repeat(5000),
      '['.repeat(5000),
      'not '.repeat(5000) + 'a',
      '-'.repeat(5000) + '1',
    ]) {
      expect(() => parseExpression(text, at)).toThrow(TemplateError);
    }
    const deep = '{{#if a}}'.repeat(300) + 'x' + '{{/if}}'.repeat(300);
    onlyTypedErrors(() => renderString(deep, scope));
  });

  it('filters given arbitrary values fail only with typed errors', () => {
    const filters = [
      'default',
      'join',
      'length',
      'int',
      'float',
      'bool',
      'string',
      'lower',
      'upper',
      'capitalize',
      'trim',
      'to_json',
      'to_nice_json',
      'to_yaml',
      'to_nice_yaml',
      'from_json',
      'from_yaml',
      'b64encode',
      'b64decode',
      'basename',
      'dirname',
      'unique',
      'first',
      'last',
      'list',
      'dict2items',
      'items2dict',
      'flatten',
      'sort',
      'min',
      'max',
      'sum',
      'quote',
      'abs',
      'round',
      'ipaddr',
      'ipv4',
      'cidr_network',
      'cidr_prefix',
      'splitext',
      'reverse',
      'dictsort',
      'hash',
      'checksum',
      'mandatory',
      'splitlines',
      'title',
      'urlencode',
    ];
    const value = fc.jsonValue({ maxDepth: 3 });
    fc.assert(
      fc.property(value, fc.constantFrom(...filters), (v, f) => {
        onlyTypedErrors(() => evaluateExpression(`v | ${f}`, { v }));
      }),
      { numRuns: 3000 },
    );
  });

  it('every filter and test given arbitrary arguments fails only with typed errors', async () => {
    const { filters } = await import('../../src/template/filters/index.js');
    const { tests } = await import('../../src/template/tests.js');
    const value = fc.jsonValue({ maxDepth: 2 });
    const names = [...filters.keys()].filter((f) => f !== 'mandatory');
    fc.assert(
      fc.property(value, fc.array(value, { maxLength: 3 }), fc.constantFrom(...names), (v, args, f) => {
        onlyTypedErrors(() =>
          evaluateExpression(`v | ${f}(*)`.replace('*', args.map((_, i) => `a${i}`).join(', ')), {
            v,
            ...Object.fromEntries(args.map((a, i) => [`a${i}`, a])),
          }),
        );
      }),
      { numRuns: 4000 },
    );
    fc.assert(
      fc.property(
        value,
        fc.array(value, { maxLength: 2 }),
        fc.constantFrom(...Object.keys(tests)),
        (v, args, t) => {
          onlyTypedErrors(() =>
            evaluateExpression(`v is ${t}(*)`.replace('*', args.map((_, i) => `a${i}`).join(', ')), {
              v,
              ...Object.fromEntries(args.map((a, i) => [`a${i}`, a])),
            }),
          );
        },
      ),
      { numRuns: 2000 },
    );
  });
});

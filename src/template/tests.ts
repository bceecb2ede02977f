import { problem } from './errors.js';
import { cidrTests } from './filters/cidr-filters.js';
import { arg, type Kwargs, type TestSpec } from './filters/types.js';
import { pythonRegex } from './regex.js';
import { isTruthy } from './truthiness.js';
import { UndefinedValue } from './undefined-value.js';
import { compareValues, contains, equals, isMapping, typeName } from './values.js';
import { versionMatches } from './version-compare.js';

function taskResult(input: unknown, test: string): Record<string, unknown> {
  if (!isMapping(input))
    throw problem('PRV308', `the '${test}' test needs a registered task result, not ${typeName(input)}`);
  return input;
}
const failed = (r: Record<string, unknown>) => isTruthy(r.failed);

function regexTest(kind: 'match' | 'search'): (input: unknown, args: unknown[], kw: Kwargs) => boolean {
  return (input, args, kw) => {
    if (typeof input !== 'string')
      throw problem('PRV308', `the '${kind}' test needs a string, not ${typeName(input)}`);
    const re = pythonRegex(arg(args, kw, 0, 'pattern', ''), {
      ignorecase: kw.ignorecase,
      multiline: kw.multiline,
    });
    const m = re.exec(input);
    return m !== null && (kind === 'search' || m.index === 0);
  };
}

const simple = (fn: (input: unknown, args: unknown[], kw: Kwargs) => boolean): TestSpec => ({ fn });

export const tests: Record<string, TestSpec> = {
  defined: { lenient: true, fn: (i) => !(i instanceof UndefinedValue) },
  undefined: { lenient: true, fn: (i) => i instanceof UndefinedValue },
  none: simple((i) => i === null || i === undefined),
  string: simple((i) => typeof i === 'string'),
  number: simple((i) => typeof i === 'number'),
  integer: simple((i) => typeof i === 'number' && Number.isInteger(i)),
  float: simple((i) => typeof i === 'number' && !Number.isInteger(i)),
  boolean: simple((i) => typeof i === 'boolean'),
  true: simple((i) => i === true),
  false: simple((i) => i === false),
  mapping: simple((i) => isMapping(i)),
  sequence: simple((i) => Array.isArray(i) || typeof i === 'string' || isMapping(i)),
  iterable: simple((i) => Array.isArray(i) || typeof i === 'string' || isMapping(i)),
  list: simple((i) => Array.isArray(i)),
  succeeded: simple((i) => !failed(taskResult(i, 'succeeded'))),
  failed: simple((i) => failed(taskResult(i, 'failed'))),
  changed: simple((i) => isTruthy(taskResult(i, 'changed').changed)),
  skipped: simple((i) => isTruthy(taskResult(i, 'skipped').skipped)),
  match: simple(regexTest('match')),
  search: simple(regexTest('search')),
  regex: simple((i, args, kw) => regexTest(kw.match_type === 'match' ? 'match' : 'search')(i, args, kw)),
  version: simple((i, args, kw) =>
    versionMatches(i, arg(args, kw, 0, 'version'), arg(args, kw, 1, 'operator', 'eq')),
  ),
  in: simple((i, args) => contains(args[0], i)),
  contains: simple((i, args) => contains(i, args[0])),
  truthy: simple((i) => isTruthy(i)),
  falsy: simple((i) => !isTruthy(i)),
  eq: simple((i, args) => equals(i, args[0])),
  ne: simple((i, args) => !equals(i, args[0])),
  lt: simple((i, args) => compareValues(i, args[0]) < 0),
  le: simple((i, args) => compareValues(i, args[0]) <= 0),
  gt: simple((i, args) => compareValues(i, args[0]) > 0),
  ge: simple((i, args) => compareValues(i, args[0]) >= 0),
  sameas: simple((i, args) => i === args[0] || (i == null && args[0] == null)),
  odd: simple((i) => typeof i === 'number' && Math.abs(i % 2) === 1),
  even: simple((i) => typeof i === 'number' && i % 2 === 0),
  divisibleby: simple(
    (i, args) => typeof i === 'number' && typeof args[0] === 'number' && args[0] !== 0 && i % args[0] === 0,
  ),
  lower: simple((i) => typeof i === 'string' && i === i.toLowerCase()),
  upper: simple((i) => typeof i === 'string' && i === i.toUpperCase()),
  subset: simple(
    (i, args) => Array.isArray(i) && Array.isArray(args[0]) && i.every((x) => contains(args[0], x)),
  ),
  superset: simple(
    (i, args) => Array.isArray(i) && Array.isArray(args[0]) && args[0].every((x) => contains(i, x)),
  ),
  abs: simple((i) => typeof i === 'string' && i.startsWith('/')),
  ...Object.fromEntries(Object.entries(cidrTests).map(([k, fn]) => [k, simple(fn)])),
};

const ALIASES: Record<string, string> = {
  success: 'succeeded',
  failure: 'failed',
  change: 'changed',
  skip: 'skipped',
  equalto: 'eq',
  '==': 'eq',
  '!=': 'ne',
  '<': 'lt',
  '<=': 'le',
  '>': 'gt',
  '>=': 'ge',
  greaterthan: 'gt',
  lessthan: 'lt',
  version_compare: 'version',
  in_network: 'ip_in_network',
  issubset: 'subset',
  issuperset: 'superset',
};
for (const [alias, target] of Object.entries(ALIASES)) tests[alias] = tests[target]!;

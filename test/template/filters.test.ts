import { describe, expect, it } from 'vitest';
import { evaluateExpression, OMIT } from '../../src/template/index.js';

const scope = {
  s: 'Hello World',
  n: null,
  list: [3, 1, 2, 1],
  words: ['b', 'a', 'c'],
  users: [
    { name: 'bob', uid: 1002, admin: false, groups: ['dev'] },
    { name: 'alice', uid: 1001, admin: true, groups: ['ops', 'dev'] },
    { name: 'carol', uid: 1003 },
  ],
  d: { b: 2, a: 1 },
  nested: [1, [2, [3, [4]]]],
  empty: '',
  zero: 0,
  json: '{"a": [1, 2], "b": null}',
  yaml: 'a: 1\nb: [x, y]\nc: yes\n',
  path: '/etc/kubernetes/admin.conf',
  hostvars: { n1: { ansible_host: '10.0.0.1', ip: { v4: '1.1.1.1' } }, n2: { ansible_host: '10.0.0.2' } },
  hosts: ['n1', 'n2'],
};

const ev = (text: string) => evaluateExpression(text, scope);

describe('defaults', () => {
  it.each([
    ["missing | default('y')", 'y'],
    ["missing | d('y')", 'y'],
    ["s | default('y')", 'Hello World'],
    ["empty | default('y')", ''],
    ["empty | default('y', true)", 'y'],
    ['zero | default(5, boolean=true)', 5],
    ['n | default(1)', null],
    ["missing.deeper.still | default('chain')", 'chain'],
    ["hostvars['nope'].ansible_host | default('none')", 'none'],
    ["hostvars['n1'].missing | default('x')", 'x'],
    ['missing | default(omit)', OMIT],
    ['s | mandatory', 'Hello World'],
    ["true | ternary('yes', 'no')", 'yes'],
    ["0 | ternary('yes', 'no')", 'no'],
    ["none | ternary('yes', 'no', 'null')", 'null'],
  ])('%s', (text, expected) => {
    expect(ev(text)).toEqual(expected);
  });

  it('mandatory names the variable', () => {
    expect(() => ev('missing | mandatory')).toThrow(/mandatory variable 'missing'/);
    expect(() => ev("missing | mandatory('set it')")).toThrow(/set it/);
  });
});

describe('strings', () => {
  it.each([
    ['s | lower', 'hello world'],
    ['s | upper', 'HELLO WORLD'],
    ["'hELLO' | capitalize", 'Hello'],
    ["'a b' | title", 'A B'],
    ["'  x \\n' | trim", 'x'],
    ["'xxaxx' | trim('x')", 'a'],
    ["s | replace('o', '0')", 'Hell0 W0rld'],
    ["'aaa' | replace('a', 'b', 2)", 'bba'],
    ["'a,b,,c' | split(',')", ['a', 'b', '', 'c']],
    ["'a  b c' | split", ['a', 'b', 'c']],
    ["'a:b:c' | split(':', 1)", ['a', 'b:c']],
    ['42 | string', '42'],
    ['true | string', 'True'],
    ['[1, "a"] | string', "[1, 'a']"],
    ["{'a': 'b'} | string", "{'a': 'b'}"],
    ["'simple' | quote", 'simple'],
    ['"it\'s x" | quote', "'it'\"'\"'s x'"],
    ["'' | quote", "''"],
    ["'a\\nb' | indent(2)", 'a\n  b'],
    ["'a\\nb' | indent(2, true)", '  a\n  b'],
    ["'%s=%d' | format('x', 3)", 'x=3'],
    ["'x' | center(5)", '  x  '],
    ["'a\\nb\\n' | splitlines", ['a', 'b']],
    ["'a b' | urlencode", 'a%20b'],
  ])('%s', (text, expected) => {
    expect(ev(text)).toEqual(expected);
  });
});

describe('numbers', () => {
  it.each([
    ["'42' | int", 42],
    ["'3.9' | int", 3],
    ["'x' | int", 0],
    ["'x' | int(7)", 7],
    ["'0x1F' | int(base=16)", 31],
    ["'ff' | int(0, 16)", 255],
    ['true | int', 1],
    ["'1.5' | float", 1.5],
    ["'x' | float", 0],
    ['-3 | abs', 3],
    ['2.567 | round(2)', 2.57],
    ['2.5 | round', 3],
    ["2.1 | round(0, 'ceil')", 3],
    ["2.9 | round(0, 'floor')", 2],
    ['list | min', 1],
    ['list | max', 3],
    ['list | sum', 7],
    ["users | max(attribute='uid') | attr_name", undefined],
    ['[[1], [2]] | sum(start=[])', [1, 2]],
    ["'yes' | bool", true],
    ["'True' | bool", true],
    ["'on' | bool", true],
    ["'1' | bool", true],
    ["'no' | bool", false],
    ["'false' | bool", false],
    ["'' | bool", false],
    ['1 | bool', true],
    ['0 | bool', false],
  ])('%s', (text, expected) => {
    if (text.includes('attr_name')) {
      expect(evaluateExpression("(users | max(attribute='uid')).name", scope)).toBe('carol');
      return;
    }
    expect(ev(text)).toEqual(expected);
  });
});

describe('collections', () => {
  it.each([
    ["words | join(',')", 'b,a,c'],
    ['words | join', 'bac'],
    ["[1, 'a', none] | join('-')", '1-a-None'],
    ['words | length', 3],
    ['s | length', 11],
    ['d | length', 2],
    ['words | count', 3],
    ['list | unique', [3, 1, 2]],
    ['list | first', 3],
    ['list | last', 1],
    ['[] | first', null],
    ["'ab' | list", ['a', 'b']],
    ['d | list', ['b', 'a']],
    ['words | sort', ['a', 'b', 'c']],
    ['words | sort(reverse=true)', ['c', 'b', 'a']],
    ["users | sort(attribute='uid') | map(attribute='name') | list", ['alice', 'bob', 'carol']],
    ['words | reverse | list', ['c', 'a', 'b']],
    ['nested | flatten', [1, 2, 3, 4]],
    ['nested | flatten(1)', [1, 2, [3, [4]]]],
    ['[1, 2] | union([2, 3])', [1, 2, 3]],
    ['[1, 2, 3] | difference([2])', [1, 3]],
    ['[1, 2, 3] | intersect([3, 2, 9])', [2, 3]],
    ['[1, 2] | symmetric_difference([2, 3])', [1, 3]],
    [
      "[1, 2] | zip(['a', 'b']) | list",
      [
        [1, 'a'],
        [2, 'b'],
      ],
    ],
    [
      "[1, 2, 3] | zip_longest(['a'], fillvalue='-') | list",
      [
        [1, 'a'],
        [2, '-'],
        [3, '-'],
      ],
    ],
    [
      'd | dict2items',
      [
        { key: 'b', value: 2 },
        { key: 'a', value: 1 },
      ],
    ],
    [
      "d | dict2items(key_name='k', value_name='v')",
      [
        { k: 'b', v: 2 },
        { k: 'a', v: 1 },
      ],
    ],
    ["[{'key': 'x', 'value': 1}] | items2dict", { x: 1 }],
    ["[['a', 1]] | dict", { a: 1 }],
    ["{'a': 1, 'b': {'c': 1}} | combine({'b': {'d': 2}})", { a: 1, b: { d: 2 } }],
    ["{'a': 1, 'b': {'c': 1}} | combine({'b': {'d': 2}}, recursive=true)", { a: 1, b: { c: 1, d: 2 } }],
    ["{'a': [1]} | combine({'a': [2]}, list_merge='append')", { a: [1, 2] }],
    ["{'a': 1} | combine({'b': 2}, {'c': 3})", { a: 1, b: 2, c: 3 }],
    ['[1, 2, 3, 4, 5] | batch(2) | list', [[1, 2], [3, 4], [5]]],
    [
      'd | dictsort',
      [
        ['a', 1],
        ['b', 2],
      ],
    ],
  ])('%s', (text, expected) => {
    expect(ev(text)).toEqual(expected);
  });
});

describe('map, select and friends', () => {
  it.each([
    ["users | map(attribute='name') | list", ['bob', 'alice', 'carol']],
    ["users | map(attribute='admin', default=false) | list", [false, true, false]],
    ["users | map(attribute='groups.0', default='none') | list", ['dev', 'ops', 'none']],
    ["words | map('upper') | list", ['B', 'A', 'C']],
    ["['1', '2'] | map('int') | list", [1, 2]],
    ["words | map('regex_replace', '^', 'x-') | list", ['x-b', 'x-a', 'x-c']],
    ['[0, 1, 2, none] | select | list', [1, 2]],
    ["[1, 2, 3, 4] | select('even') | list", [2, 4]],
    ["[1, 2, 3, 4] | reject('even') | list", [1, 3]],
    ["[1, 2, 3] | select('gt', 1) | list", [2, 3]],
    ["['a', 'bb'] | select('match', 'b+') | list", ['bb']],
    ["users | selectattr('admin') | map(attribute='name') | list", ['alice']],
    ["users | selectattr('admin', 'defined') | map(attribute='name') | list", ['bob', 'alice']],
    ["users | rejectattr('admin', 'defined') | map(attribute='name') | list", ['carol']],
    ["users | selectattr('uid', '>', 1001) | map(attribute='name') | list", ['bob', 'carol']],
    ["users | selectattr('name', 'equalto', 'bob') | map(attribute='uid') | first", 1002],
    [
      "users | selectattr('groups', 'defined') | selectattr('groups', 'contains', 'ops') | map(attribute='name') | list",
      ['alice'],
    ],
    ["hosts | map('extract', hostvars, 'ansible_host') | list", ['10.0.0.1', '10.0.0.2']],
    ["'n1' | extract(hostvars, ['ip', 'v4'])", '1.1.1.1'],
    [
      "users | selectattr('groups', 'defined') | subelements('groups') | map('last') | list",
      ['dev', 'ops', 'dev'],
    ],
  ])('%s', (text, expected) => {
    expect(ev(text)).toEqual(expected);
  });
});

describe('serialization and encoding', () => {
  it.each([
    ["{'a': [1, 2], 'b': none, 'c': true} | to_json", '{"a": [1, 2], "b": null, "c": true}'],
    ["{'b': 1, 'a': [1]} | to_nice_json", '{\n    "a": [\n        1\n    ],\n    "b": 1\n}'],
    ["{'b': 1} | to_nice_json(indent=2)", '{\n  "b": 1\n}'],
    ["{'a': [1, 2]} | to_yaml", 'a:\n  - 1\n  - 2\n'],
    ["{'a': {'b': 1}} | to_nice_yaml", 'a:\n    b: 1\n'],
    ['json | from_json', { a: [1, 2], b: null }],
    ['yaml | from_yaml', { a: 1, b: ['x', 'y'], c: true }],
    ["'---\\na: 1\\n---\\nb: 2\\n' | from_yaml_all", [{ a: 1 }, { b: 2 }]],
    ["'hello' | b64encode", 'aGVsbG8='],
    ["'aGVsbG8=' | b64decode", 'hello'],
    ["'hello' | hash('sha1')", 'aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d'],
    ["'hello' | hash('md5')", '5d41402abc4b2a76b9719d911017c592'],
    ["'hello' | hash('sha256')", '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824'],
    ["'hello' | checksum", 'aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d'],
  ])('%s', (text, expected) => {
    expect(ev(text)).toEqual(expected);
  });

  it('rejects unknown hash algorithms and bad JSON with typed errors', () => {
    expect(() => ev("'x' | hash('crc32')")).toThrow(/unsupported algorithm/);
    expect(() => ev("'{' | from_json")).toThrow(expect.objectContaining({ code: 'PRV308' }));
  });
});

describe('regular expressions', () => {
  it.each([
    ["'ansible' | regex_replace('^a.*i(.*)$', 'a\\\\1')", 'able'],
    [
      "'localhost:80' | regex_replace('^(?P<host>.+):(?P<port>\\\\d+)$', '\\\\g<host>, \\\\g<port>')",
      'localhost, 80',
    ],
    ["'aaa' | regex_replace('a', 'b')", 'bbb'],
    ["'ABC' | regex_replace('b', 'x', ignorecase=true)", 'AxC'],
    ["'cost $5' | regex_replace('cost', 'price $')", 'price $ $5'],
    ["'server1/database42' | regex_search('database[0-9]+')", 'database42'],
    ["'none here' | regex_search('database[0-9]+')", null],
    ["'server1/database42' | regex_search('server([0-9]+)/database([0-9]+)', '\\\\1', '\\\\2')", ['1', '42']],
    ["'a1b22c333' | regex_findall('\\\\d+')", ['1', '22', '333']],
    [
      "'k1=v1 k2=v2' | regex_findall('(\\\\w+)=(\\\\w+)')",
      [
        ['k1', 'v1'],
        ['k2', 'v2'],
      ],
    ],
    ["'a.b' | regex_escape", 'a\\.b'],
  ])('%s', (text, expected) => {
    expect(ev(text)).toEqual(expected);
  });

  it('reports a bad pattern as PRV313', () => {
    expect(() => ev("'x' | regex_replace('(', 'y')")).toThrow(expect.objectContaining({ code: 'PRV313' }));
  });
});

describe('paths and versions', () => {
  it.each([
    ['path | basename', 'admin.conf'],
    ['path | dirname', '/etc/kubernetes'],
    ["'/' | dirname", '/'],
    ["'file' | dirname", ''],
    ["'/a/b/' | basename", ''],
    ['path | splitext', ['/etc/kubernetes/admin', '.conf']],
    ["'/a/.bashrc' | splitext", ['/a/.bashrc', '']],
    ["['/etc', 'kubernetes', 'pki'] | path_join", '/etc/kubernetes/pki'],
    ["'/a/./b/../c' | normpath", '/a/c'],
    ["'1.29.2' | version('1.28', '>=')", true],
    ["'1.29.2' | version_compare('1.30.0', 'lt')", true],
    ["'1.10' | version('1.9', '>')", true],
  ])('%s', (text, expected) => {
    expect(ev(text)).toEqual(expected);
  });
});

describe('filter names', () => {
  it('accepts the ansible.builtin / ansible.utils namespaces', () => {
    expect(ev('s | ansible.builtin.lower')).toBe('hello world');
    expect(ev("'10.0.0.0/8' | ansible.utils.ipaddr('prefix')")).toBe(8);
  });
  it('reports an unknown filter as PRV306', () => {
    expect(() => ev('s | nosuchfilter')).toThrow(expect.objectContaining({ code: 'PRV306' }));
  });
});

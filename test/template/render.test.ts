import { describe, expect, it } from 'vitest';
import {
  isTemplated,
  OMIT,
  referencedVariables,
  renderString,
  renderValue,
} from '../../src/template/index.js';

const scope = {
  name: 'web',
  port: 8080,
  enabled: true,
  nothing: null,
  names: ['a', 'b'],
  users: [
    { name: 'alice', shell: '/bin/bash' },
    { name: 'bob', shell: '/bin/sh' },
  ],
  labels: { tier: 'front', zone: 'z1' },
  empty: [],
  cfg: { opts: { debug: false } },
};

describe('handlebars blocks', () => {
  it.each([
    ['{{#each names}}[{{this}}]{{/each}}', '[a][b]'],
    ['{{#each names}}{{@index}}={{this}} {{/each}}', '0=a 1=b '],
    ['{{#each names}}{{#if @first}}first:{{/if}}{{this}}{{#unless @last}},{{/unless}}{{/each}}', 'first:a,b'],
    ['{{#each labels}}{{@key}}={{this}};{{/each}}', 'tier=front;zone=z1;'],
    ['{{#each users}}{{name}}:{{shell}} {{/each}}', 'alice:/bin/bash bob:/bin/sh '],
    ['{{#each users}}{{ name | upper }}@{{ ../name }} {{/each}}', 'ALICE@web BOB@web '],
    ["{{#each users}}{{ this.name ~ '-' ~ port }} {{/each}}", 'alice-8080 bob-8080 '],
    ['{{#each users as |u|}}{{u.name}} {{/each}}', 'alice bob '],
    ['{{#each users as |u i|}}{{i}}:{{ u.shell | basename }} {{/each}}', '0:bash 1:sh '],
    ['{{#each labels as |v k|}}{{k}}->{{v}} {{/each}}', 'tier->front zone->z1 '],
    ['{{#each empty}}x{{else}}none{{/each}}', 'none'],
    ['{{#each missing_but_defaulted | default([])}}x{{else}}none{{/each}}', 'none'],
    ['{{#if enabled}}on{{else}}off{{/if}}', 'on'],
    ['{{#if nothing}}on{{else}}off{{/if}}', 'off'],
    ['{{#if empty}}on{{else}}off{{/if}}', 'off'],
    ["{{#if port > 1000 and name == 'web'}}high{{/if}}", 'high'],
    ["{{#if name == 'db'}}db{{else if name == 'web'}}web{{else}}other{{/if}}", 'web'],
    ['{{#unless enabled}}off{{else}}on{{/unless}}', 'on'],
    ['{{#with labels}}{{tier}}/{{zone}}/{{name}}{{/with}}', 'front/z1/web'],
    ['{{#with cfg.opts as |o|}}{{ o.debug | lower }}{{/with}}', 'false'],
    ['{{! a comment }}x{{!-- another {{ }} --}}y', 'xy'],
    ['a\n{{#each names}}\n- {{this}}\n{{/each}}\nb', 'a\n- a\n- b\nb'],
    ['{{~ name ~}}  \n', 'web'],
    ['  {{~name}}', 'web'],
    ['\\{{ literal }}', '{{ literal }}'],
    ['{{{ name }}}', 'web'],
    ["{{ '<b>&' }}", '<b>&'],
    ["{{ '}}' }}", '}}'],
    ['{{ port }}}', '8080}'],
    ['{{#if enabled}}}}{{/if}}}}}', '}}}}}'],
    ['\n{{ name }}}\n', '\nweb}\n'],
    // Shell text with `{#` and `{` but no closing `#}` is not markup.
    ['$' + '{#array[@]} {x}', '$' + '{#array[@]} {x}'],
  ])('%j', (template, expected) => {
    expect(renderString(template, scope)).toBe(expected);
  });
});

describe('mustaches print values as Jinja does', () => {
  it.each([
    ['{{ port }}', '8080'],
    ['{{ enabled }}', 'True'],
    ['{{ nothing }}', 'None'],
    ['{{ names }}', "['a', 'b']"],
    ['{{ labels }}', "{'tier': 'front', 'zone': 'z1'}"],
    ['{{ enabled | lower }}', 'true'],
    ['{{ labels | to_json }}', '{"tier": "front", "zone": "z1"}'],
    ['{{ name }}-{{ port }}', 'web-8080'],
    ['no markup at all', 'no markup at all'],
  ])('%j', (template, expected) => {
    expect(renderString(template, scope)).toBe(expected);
  });
});

describe('renderValue', () => {
  it('keeps the type of a value that is exactly one expression', () => {
    expect(renderValue('{{ names }}', scope)).toEqual(['a', 'b']);
    expect(renderValue('  {{ port }}  ', scope)).toBe(8080);
    expect(renderValue('{{ enabled }}', scope)).toBe(true);
    expect(renderValue('{{ nothing }}', scope)).toBeNull();
    expect(renderValue('{{ labels }}', scope)).toEqual({ tier: 'front', zone: 'z1' });
    expect(renderValue("{{ names | map('upper') | list }}", scope)).toEqual(['A', 'B']);
  });

  it('renders mixed text to a string', () => {
    expect(renderValue('{{ name }}-{{ port }}', scope)).toBe('web-8080');
    expect(renderValue('port {{ port }}', scope)).toBe('port 8080');
    expect(renderValue('{{#if enabled}}{{ port }}{{/if}}', scope)).toBe('8080');
  });

  it('renders deep structures, keys included', () => {
    const value = {
      path: '/srv/{{ name }}',
      list: ['{{ port }}', 'x', ['{{ names }}']],
      '{{ name }}_key': 1,
      n: 5,
      b: false,
    };
    expect(renderValue(value, scope)).toEqual({
      path: '/srv/web',
      list: [8080, 'x', [['a', 'b']]],
      web_key: 1,
      n: 5,
      b: false,
    });
  });

  it('drops map keys and list items that are omit', () => {
    const value = { mode: '{{ missing | default(omit) }}', owner: 'root', items: ['a', '{{ omit }}', 'b'] };
    expect(renderValue(value, scope)).toEqual({ owner: 'root', items: ['a', 'b'] });
    expect(renderValue('{{ omit }}', scope)).toBe(OMIT);
  });

  it('leaves values without markup untouched', () => {
    const value = { a: [1, 'two', { three: null }] };
    expect(renderValue(value, scope)).toEqual(value);
  });
});

describe('isTemplated and referencedVariables', () => {
  it.each([
    ['plain', false],
    ['{{ x }}', true],
    [['a', { b: 'c {{ d }}' }], true],
    [{ '{{ k }}': 1 }, true],
    [{ a: [1, 2] }, false],
    [42, false],
  ])('%j → %s', (value, expected) => {
    expect(isTemplated(value)).toBe(expected);
  });

  it.each([
    ['a and b.c', ['a', 'b']],
    ["x | default(y) ~ z['k']", ['x', 'y', 'z']],
    ['hostvars[h].ansible_host', ['hostvars', 'h']],
    ["lookup('env', e) ~ range(n) | string", ['e', 'n']],
    ['{{ a }} and {{ b | default(omit) }}', ['a', 'b']],
    ['{{#each items as |it|}}{{ it.name }}{{ other }}{{/each}}', ['items', 'other']],
    ['{{#each items}}{{ @index }}{{ this }}{{/each}}', ['items']],
  ])('%s reads %j', (text, expected) => {
    expect(referencedVariables(text).sort()).toEqual([...expected].sort());
  });
});

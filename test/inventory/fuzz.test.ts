import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InventoryError } from '../../src/errors/index.js';
import { parseHostPattern, selectHosts } from '../../src/inventory/host-pattern.js';
import { iniValue } from '../../src/inventory/python-literal.js';
import { iniInventory, yamlInventory } from './support.js';

/** Only an InventoryError may escape; anything else is a crash. */
function typedOrNothing(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof InventoryError)) throw e;
    expect(e.code).toMatch(/^PRV1\d\d$/);
    expect(e.format()).not.toMatch(/^\s+at /m);
  }
}

const iniPieces = fc.constantFrom(
  '[',
  ']',
  ':',
  '=',
  '"',
  "'",
  '#',
  ';',
  '\\',
  ' ',
  '\t',
  '\n',
  '\r\n',
  'children',
  'vars',
  'web',
  'all',
  'ungrouped',
  'h1',
  'node',
  '01',
  '20',
  '2',
  'a',
  'f',
  '-',
  '.',
  ',',
  '{',
  '}',
  '(',
  ')',
  'True',
  'None',
  '0x',
  '1e5',
  '---',
  '[web]',
  '[web:vars]',
  '[g:children]',
  '[01:03]',
  '[a:c]',
  'x=1',
  "y='a b'",
);
const iniText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.array(iniPieces, { maxLength: 60 }).map((a) => a.join('')),
);

const patternPieces = fc.constantFrom(
  'web',
  'db',
  'all',
  '*',
  '?',
  ':',
  ',',
  '&',
  '!',
  '~',
  '[',
  ']',
  '0',
  '-1',
  '1:2',
  '(',
  ')',
  '|',
  '.',
  ' ',
  'localhost',
  '127.0.0.1',
  '::1',
  '\\',
  'web1',
  '@',
);
const patternText = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.array(patternPieces, { maxLength: 20 }).map((a) => a.join('')),
);

describe('fuzzing', () => {
  it('the INI parser yields an inventory or an InventoryError', () => {
    fc.assert(
      fc.property(iniText, (text) => {
        typedOrNothing(() => {
          const inv = iniInventory(text);
          for (const h of inv.hostNames().slice(0, 5)) inv.hostVars(h);
        });
      }),
      { numRuns: 2000 },
    );
  });

  it('the YAML inventory reader yields an inventory or an InventoryError', () => {
    const yamlPieces = fc.constantFrom(
      'all:',
      'hosts:',
      'children:',
      'vars:',
      'web:',
      '\n',
      '  ',
      '    ',
      '- ',
      'a',
      'h[1:3]',
      'null',
      '{',
      '}',
      '[',
      ']',
      ':',
      '"',
      "'",
      '1',
      'plugin:',
      '---',
      '&x',
      '*x',
      '#',
    );
    const text = fc.oneof(
      fc.string({ maxLength: 120 }),
      fc.array(yamlPieces, { maxLength: 40 }).map((a) => a.join('')),
    );
    fc.assert(
      fc.property(text, (t) => typedOrNothing(() => yamlInventory(t))),
      { numRuns: 1000 },
    );
  });

  it('the pattern parser and selection yield hosts or an InventoryError', () => {
    const inv = iniInventory('web1\n[web]\nweb1\nweb2\n[db]\ndb1\n[all:children]\nweb\n');
    fc.assert(
      fc.property(patternText, (text) => {
        typedOrNothing(() => {
          const hosts = selectHosts(parseHostPattern(text), inv);
          expect(new Set(hosts).size).toBe(hosts.length);
        });
      }),
      { numRuns: 3000 },
    );
  });

  it('INI value reading never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        iniValue(text);
      }),
      { numRuns: 3000 },
    );
  });
});

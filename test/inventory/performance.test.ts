import { describe, expect, it } from 'vitest';
import { selectHosts } from '../../src/inventory/host-pattern.js';
import { iniInventory, yamlInventory } from './support.js';

/**
 * How much slower this machine is right now than an idle one, from a reference workload that takes about 30 ms
 * idle; shared CI machines under load must not fail a test meant to catch quadratic code.
 */
function slowdown(): number {
  const start = performance.now();
  const m = new Map<string, number>();
  for (let i = 0; i < 200_000; i++) m.set(`k${i}`, i);
  return Math.max(1, (performance.now() - start) / 30);
}

function iniText(hosts: number): string {
  const lines = ['[all:vars]', 'ntp=pool', '[web]'];
  for (let i = 0; i < hosts / 2; i++)
    lines.push(`web${i} ansible_host=10.0.${i >> 8}.${i & 255} idx=${i} tag="a b"`);
  lines.push('[db]');
  for (let i = 0; i < hosts / 2; i++) lines.push(`db${i}:2222`);
  lines.push('[prod:children]', 'web', 'db', '[web:vars]', 'http_port=80');
  return lines.join('\n');
}

describe('performance', () => {
  it('parses 10,000 INI hosts with vars, selects and merges vars well under a second', () => {
    iniInventory(iniText(1000)); // warm up the JIT
    const factor = slowdown();
    const start = performance.now();
    const inv = iniInventory(iniText(10_000));
    const selected = selectHosts('prod:!db[0:99]:&*', inv);
    for (const h of selected) inv.hostVars(h);
    const elapsed = performance.now() - start;
    expect(selected).toHaveLength(9900);
    expect(inv.groupsMap().all).toHaveLength(10_000);
    expect(elapsed).toBeLessThan(1000 * factor);
  });

  it('expands a 10,000-host YAML range quickly', () => {
    const factor = slowdown();
    const start = performance.now();
    const inv = yamlInventory('all:\n  children:\n    nodes:\n      hosts:\n        node[00001:10000]:\n');
    expect(inv.hostNames()).toHaveLength(10_000);
    expect(performance.now() - start).toBeLessThan(1000 * factor);
  });
});

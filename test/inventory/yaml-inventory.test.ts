import { describe, expect, it } from 'vitest';
import { yamlInventory } from './support.js';

describe('YAML inventory', () => {
  it('reads all/hosts/children/vars recursively', () => {
    const inv = yamlInventory(`
all:
  hosts:
    lone:
  vars:
    ntp: pool.example.com
  children:
    k8s:
      children:
        control_plane:
          hosts:
            cp[1:3]:
              ansible_user: admin
        workers:
          hosts:
            w1: { ansible_host: 10.0.0.21 }
            w2:2222:
      vars:
        kube_version: "1.31"
`);
    expect(inv.hostNames()).toEqual(['lone', 'cp1', 'cp2', 'cp3', 'w1', 'w2']);
    expect(inv.groupsMap()).toMatchObject({
      ungrouped: ['lone'],
      k8s: ['cp1', 'cp2', 'cp3', 'w1', 'w2'],
      control_plane: ['cp1', 'cp2', 'cp3'],
      workers: ['w1', 'w2'],
    });
    expect(inv.hostVars('cp2')).toEqual({
      ntp: 'pool.example.com',
      kube_version: '1.31',
      ansible_user: 'admin',
    });
    expect(inv.hostVars('w1')).toMatchObject({ ansible_host: '10.0.0.21' });
    expect(inv.hostVars('w2')).toMatchObject({ ansible_port: 2222 });
    expect(inv.groupNamesOf('w1')).toEqual(['k8s', 'workers']);
  });

  const shapes: [string, string, Record<string, string[]>][] = [
    ['top-level groups without all', 'web:\n  hosts:\n    a:\n', { web: ['a'], all: ['a'] }],
    ['an empty group', 'web:\nall:\n  hosts:\n    h:\n', { web: [], ungrouped: ['h'] }],
    ['hosts given as a string', 'web:\n  hosts: a\n', { web: ['a'] }],
    [
      'a group referenced twice merges',
      'a:\n  children:\n    c:\n      hosts: {h1: null}\nb:\n  children:\n    c:\n      hosts: {h2: null}\n',
      { a: ['h1', 'h2'], b: ['h1', 'h2'] },
    ],
    ['JSON syntax', '{"web": {"hosts": {"a": null, "b": {"x": 1}}}}', { web: ['a', 'b'] }],
  ];
  it.each(shapes)('%s', (_name, text, groups) => {
    expect(yamlInventory(text).groupsMap()).toMatchObject(groups);
  });

  it('keeps YAML types of variables (YAML 1.1 booleans, strings that look octal)', () => {
    const inv = yamlInventory(
      'all:\n  hosts:\n    h:\n      a: yes\n      b: "5"\n      c: 0644\n      d: [1, 2]\n',
    );
    expect(inv.hostVars('h')).toEqual({ a: true, b: '5', c: '0644', d: [1, 2] });
  });
});

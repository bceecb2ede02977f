import { describe, expect, it } from 'vitest';
import {
  inventoryGraph,
  inventoryHostVars,
  inventoryListJson,
  toSortedJson,
} from '../../src/inventory/index.js';
import { iniInventory, inventoryErrorOf } from './support.js';

const inv = () =>
  iniInventory(`
loose ansible_host=10.0.0.9
[control_plane]
cp1 ansible_host=10.0.0.11
[workers]
w1
w2
[k8s:children]
control_plane
workers
[empty]
[k8s:vars]
kube_version=1.31
`);

describe('ansible-inventory shaped output', () => {
  it('lists groups reachable from all with hosts and children, and merged hostvars', () => {
    expect(inventoryListJson(inv())).toEqual({
      _meta: {
        hostvars: {
          loose: { ansible_host: '10.0.0.9' },
          cp1: { kube_version: 1.31, ansible_host: '10.0.0.11' },
          w1: { kube_version: 1.31 },
          w2: { kube_version: 1.31 },
        },
      },
      all: { children: ['ungrouped', 'k8s', 'empty'] },
      ungrouped: { hosts: ['loose'] },
      k8s: { children: ['control_plane', 'workers'] },
      control_plane: { hosts: ['cp1'] },
      workers: { hosts: ['w1', 'w2'] },
    });
  });

  it('with export, shows group vars on groups and only own vars on hosts', () => {
    const list = inventoryListJson(inv(), { export: true });
    expect(list.k8s).toEqual({ children: ['control_plane', 'workers'], vars: { kube_version: 1.31 } });
    expect(list._meta.hostvars).toEqual({
      loose: { ansible_host: '10.0.0.9' },
      cp1: { ansible_host: '10.0.0.11' },
    });
  });

  it('prints JSON with sorted keys and four-space indentation', () => {
    expect(toSortedJson({ b: 1, _meta: { z: [1], a: {} } })).toBe(
      '{\n    "_meta": {\n        "a": {},\n        "z": [\n            1\n        ]\n    },\n    "b": 1\n}',
    );
  });

  it('draws the --graph tree', () => {
    expect(inventoryGraph(inv())).toBe(
      [
        '@all:',
        '  |--@ungrouped:',
        '  |  |--loose',
        '  |--@k8s:',
        '  |  |--@control_plane:',
        '  |  |  |--cp1',
        '  |  |--@workers:',
        '  |  |  |--w1',
        '  |  |  |--w2',
        '  |--@empty:',
      ].join('\n'),
    );
    expect(inventoryGraph(inv(), 'workers')).toBe('@workers:\n  |--w1\n  |--w2');
  });

  it('gives one host its merged vars, and the implicit localhost on request', async () => {
    expect(inventoryHostVars(inv(), 'cp1')).toEqual({ kube_version: 1.31, ansible_host: '10.0.0.11' });
    expect(inventoryHostVars(inv(), 'localhost')).toEqual({ ansible_connection: 'local' });
    expect((await inventoryErrorOf(() => inventoryHostVars(inv(), 'nope'))).code).toBe('PRV116');
    expect((await inventoryErrorOf(() => inventoryGraph(inv(), 'nope'))).code).toBe('PRV113');
  });
});

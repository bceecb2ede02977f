import { describe, expect, it } from 'vitest';
import {
  compileLabelSelector,
  compileLabelSelectorString,
  matchesLabelSelector,
  parseFieldSelector,
} from '../../../src/cluster/objects/selectors.js';
import { toleratesTaint } from '../../../src/cluster/objects/taints.js';

describe('label selectors', () => {
  const labels = { app: 'web', tier: 'front', env: 'prod' };
  it('empty selector matches all, missing matches none', () => {
    expect(matchesLabelSelector({}, labels)).toBe(true);
    expect(matchesLabelSelector(undefined, labels)).toBe(false);
  });
  it('matchLabels and expressions are ANDed', () => {
    const sel = compileLabelSelector({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'env', operator: 'In', values: ['prod', 'staging'] },
        { key: 'legacy', operator: 'DoesNotExist' },
      ],
    });
    expect(sel(labels)).toBe(true);
    expect(sel({ ...labels, legacy: 'y' })).toBe(false);
    expect(sel({ ...labels, env: 'dev' })).toBe(false);
  });
  it('NotIn matches when the key is absent', () => {
    expect(
      matchesLabelSelector({ matchExpressions: [{ key: 'x', operator: 'NotIn', values: ['a'] }] }, {}),
    ).toBe(true);
  });
  it('parses the string form', () => {
    const p = compileLabelSelectorString('app=web, tier!=db,env in (prod, dev),!legacy,app');
    expect(p(labels)).toBe(true);
    expect(p({ ...labels, tier: 'db' })).toBe(false);
    expect(p({ app: 'web', env: 'prod' })).toBe(true);
    expect(() => compileLabelSelectorString('a b c')).toThrow();
  });
  it('parses field selectors', () => {
    expect(parseFieldSelector('spec.nodeName=n1,status.phase!=Running')).toEqual([
      { field: 'spec.nodeName', op: '=', value: 'n1' },
      { field: 'status.phase', op: '!=', value: 'Running' },
    ]);
  });
});

describe('tolerations', () => {
  const cp = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' as const };
  it.each([
    [{ key: cp.key, operator: 'Exists' as const }, true],
    [{ key: cp.key, operator: 'Exists' as const, effect: 'NoExecute' as const }, false],
    [{ operator: 'Exists' as const }, true],
    [{ key: cp.key, value: '' }, true],
    [{ key: cp.key, value: 'x' }, false],
    [{ key: 'other', operator: 'Exists' as const }, false],
  ])('%j tolerates control-plane taint: %s', (tol, ok) => {
    expect(toleratesTaint(tol, cp)).toBe(ok);
  });
});

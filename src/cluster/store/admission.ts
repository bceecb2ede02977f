import type { KubeObject, Pod, Toleration } from '../objects/index.js';
import { TaintKeys } from '../objects/node.js';
import { milliValue } from '../objects/quantity.js';
import { ApiError } from './api-error.js';

/**
 * Defaults and validation the API server applies on create — only those the model's behaviour depends on.
 */

/** DefaultTolerationSeconds admission plugin: every pod tolerates not-ready/unreachable NoExecute for 300 s. */
export const defaultTolerationSeconds = 300;

export const builtinPriorityClasses: Record<string, number> = {
  'system-node-critical': 2000001000,
  'system-cluster-critical': 2000000000,
};

function hasNoExecuteToleration(tols: readonly Toleration[], key: string): boolean {
  return tols.some(
    (t) =>
      (t.key === key || ((t.key ?? '') === '' && t.operator === 'Exists')) &&
      (t.effect === undefined || t.effect === 'NoExecute'),
  );
}

export function withDefaultTolerations(tolerations: readonly Toleration[] | undefined): Toleration[] {
  const tols = [...(tolerations ?? [])];
  for (const key of [TaintKeys.notReady, TaintKeys.unreachable]) {
    if (!hasNoExecuteToleration(tols, key)) {
      tols.push({
        key,
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: defaultTolerationSeconds,
      });
    }
  }
  return tols;
}

function qosClass(pod: Pod): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  let any = false;
  let guaranteed = true;
  for (const c of pod.spec.containers) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    if (Object.keys(req).length > 0 || Object.keys(lim).length > 0) any = true;
    for (const r of ['cpu', 'memory']) {
      const l = lim[r];
      const q = req[r] ?? l;
      if (l === undefined || q === undefined || milliValue(q) !== milliValue(l)) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

function invalid(kind: string, name: string, field: string, detail: string): ApiError {
  return new ApiError('Invalid', `${kind} "${name}" is invalid: ${field}: ${detail}`);
}

function validatePodSpec(kind: string, name: string, spec: unknown, path: string): void {
  const s = spec as Pod['spec'] | undefined;
  if (!s || !Array.isArray(s.containers) || s.containers.length === 0) {
    throw invalid(kind, name, `${path}.containers`, 'Required value');
  }
  s.containers.forEach((c, i) => {
    if (!c || typeof c.name !== 'string' || c.name === '') {
      throw invalid(kind, name, `${path}.containers[${i}].name`, 'Required value');
    }
    if (typeof c.image !== 'string' || c.image === '') {
      throw invalid(kind, name, `${path}.containers[${i}].image`, 'Required value');
    }
  });
}

/** Rejects objects the API would reject and that would break the model's loops. */
export function validate(obj: KubeObject): void {
  const name = obj.metadata.name;
  switch (obj.kind) {
    case 'Pod':
      validatePodSpec('Pod', name, obj.spec, 'spec');
      break;
    case 'Deployment':
    case 'ReplicaSet':
    case 'DaemonSet':
    case 'StatefulSet': {
      const spec = obj.spec as
        | {
            selector?: { matchLabels?: Record<string, string> };
            template?: { metadata?: { labels?: Record<string, string> }; spec?: unknown };
          }
        | undefined;
      if (!spec?.selector) throw invalid(obj.kind, name, 'spec.selector', 'Required value');
      if (!spec.template) throw invalid(obj.kind, name, 'spec.template', 'Required value');
      const labels = spec.template.metadata?.labels ?? {};
      for (const [k, v] of Object.entries(spec.selector.matchLabels ?? {})) {
        if (labels[k] !== v) {
          throw invalid(
            obj.kind,
            name,
            'spec.template.metadata.labels',
            '`selector` does not match template `labels`',
          );
        }
      }
      validatePodSpec(obj.kind, name, spec.template.spec, 'spec.template.spec');
      break;
    }
    default:
  }
}

/** Defaults applied to a new object of a known kind (returns a new object; the input may be frozen). */
export function applyCreateDefaults(
  obj: KubeObject,
  priorityOf: (className: string) => number | undefined,
): KubeObject {
  switch (obj.kind) {
    case 'Pod': {
      const pod = obj as Pod;
      const spec = { ...pod.spec };
      spec.tolerations = withDefaultTolerations(spec.tolerations);
      spec.schedulerName ??= 'default-scheduler';
      spec.restartPolicy ??= 'Always';
      spec.terminationGracePeriodSeconds ??= 30;
      if (spec.priority === undefined)
        spec.priority = spec.priorityClassName ? (priorityOf(spec.priorityClassName) ?? 0) : 0;
      const status = { phase: 'Pending' as const, ...pod.status, qosClass: qosClass(pod) };
      return { ...pod, spec, status };
    }
    case 'Namespace':
      return { ...obj, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } };
    case 'Deployment': {
      const spec = { ...(obj.spec as Record<string, unknown>) };
      spec.replicas ??= 1;
      spec.revisionHistoryLimit ??= 10;
      spec.progressDeadlineSeconds ??= 600;
      spec.strategy ??= { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } };
      return { ...obj, spec };
    }
    case 'ReplicaSet':
    case 'StatefulSet': {
      const spec = { ...(obj.spec as Record<string, unknown>) };
      spec.replicas ??= 1;
      return { ...obj, spec };
    }
    case 'DaemonSet': {
      const spec = { ...(obj.spec as Record<string, unknown>) };
      spec.updateStrategy ??= { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } };
      spec.revisionHistoryLimit ??= 10;
      return { ...obj, spec };
    }
    case 'Secret': {
      const s = obj as { stringData?: Record<string, string>; data?: Record<string, string> };
      if (!s.stringData) return obj;
      const data = { ...s.data };
      for (const [k, v] of Object.entries(s.stringData)) data[k] = Buffer.from(v).toString('base64');
      const { stringData: _, ...rest } = obj as KubeObject & { stringData?: unknown };
      return { ...rest, data } as KubeObject;
    }
    default:
      return obj;
  }
}

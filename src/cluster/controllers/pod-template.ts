import { createHash } from 'node:crypto';
import type { KubeObject, OwnerReference, Pod, PodTemplateSpec } from '../objects/index.js';

/** The owner reference a controller puts on what it creates. */
export function controllerRef(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** A pod from a controller's template, named `<prefix><random>` by the API. */
export function podFromTemplate(
  template: PodTemplateSpec,
  owner: KubeObject,
  prefix: string,
  extraLabels: Record<string, string> = {},
): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: '',
      generateName: prefix,
      namespace: owner.metadata.namespace,
      labels: { ...template.metadata?.labels, ...extraLabels },
      ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
      ownerReferences: [controllerRef(owner)],
    },
    spec: template.spec,
  };
}

const alphabet = 'bcdfghjklmnpqrstvwxz2456789';

/** A stable short hash of a pod template (the pod-template-hash / controller-revision-hash label values). */
export function templateHash(template: PodTemplateSpec): string {
  const digest = createHash('sha256').update(stableJson(template)).digest();
  let out = '';
  for (let i = 0; i < 10; i++) out += alphabet[(digest[i] as number) % alphabet.length];
  return out;
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

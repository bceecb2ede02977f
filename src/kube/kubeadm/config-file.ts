import { parseAllDocuments } from 'yaml';
import { KubeadmError } from './kubeadm-error.js';

/** The documents of a kubeadm `--config` file, by kind (each a plain object; absent kinds undefined). */
export interface ConfigDocs {
  init?: Record<string, unknown>;
  cluster?: Record<string, unknown>;
  join?: Record<string, unknown>;
  kubelet?: Record<string, unknown>;
  kubeProxy?: Record<string, unknown>;
}

const kubeadmApis = ['kubeadm.k8s.io/v1beta3', 'kubeadm.k8s.io/v1beta4'];
const kinds: Record<string, { key: keyof ConfigDocs; apis: string[] }> = {
  InitConfiguration: { key: 'init', apis: kubeadmApis },
  ClusterConfiguration: { key: 'cluster', apis: kubeadmApis },
  JoinConfiguration: { key: 'join', apis: kubeadmApis },
  KubeletConfiguration: { key: 'kubelet', apis: ['kubelet.config.k8s.io/v1beta1'] },
  KubeProxyConfiguration: { key: 'kubeProxy', apis: ['kubeproxy.config.k8s.io/v1alpha1'] },
};

export function parseConfigDocs(text: string, file: string): ConfigDocs {
  const docs: ConfigDocs = {};
  for (const d of parseAllDocuments(text)) {
    if (d.errors.length > 0) {
      throw new KubeadmError(
        'PRV762',
        `unable to read config from "${file}" : ${d.errors[0]?.message ?? ''}`,
      );
    }
    const obj = d.toJS() as Record<string, unknown> | null;
    if (obj === null || obj === undefined) continue;
    if (typeof obj !== 'object' || Array.isArray(obj)) {
      throw new KubeadmError('PRV762', `unable to read config from "${file}" : a document is not a mapping`);
    }
    const kind = String(obj.kind ?? '');
    const apiVersion = String(obj.apiVersion ?? '');
    if (!kind || !apiVersion) {
      throw new KubeadmError('PRV762', `Object 'Kind' is missing in '${JSON.stringify(obj)}'`);
    }
    const known = kinds[kind];
    if (!known?.apis.includes(apiVersion)) {
      throw new KubeadmError(
        'PRV762',
        `no kind "${kind}" is registered for version "${apiVersion}" in scheme`,
      );
    }
    docs[known.key] = obj;
  }
  return docs;
}

/** A nested value as a plain object ({} when absent or not an object). */
export function section(
  obj: Record<string, unknown> | undefined,
  ...path: string[]
): Record<string, unknown> {
  let cur: unknown = obj;
  for (const p of path)
    cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[p] : undefined;
  return cur && typeof cur === 'object' && !Array.isArray(cur) ? (cur as Record<string, unknown>) : {};
}

export function str(obj: Record<string, unknown>, key: string): string | undefined {
  const v = obj[key];
  return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;
}

/** extraArgs as v1beta3 (a map) or v1beta4 (a list of {name, value}) writes them. */
export function extraArgs(obj: Record<string, unknown>): Record<string, string> {
  const v = obj.extraArgs;
  if (Array.isArray(v)) {
    return Object.fromEntries(
      v.map((a) => [String((a as { name?: unknown }).name), String((a as { value?: unknown }).value ?? '')]),
    );
  }
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)]));
  return {};
}

/**
 * What the store knows about a kind: API group, plural resource name (for messages in the API's words), whether
 * it is namespaced, and whether status is a subresource (so `update` cannot change it).
 */
export interface KindInfo {
  kind: string;
  group: string;
  plural: string;
  namespaced: boolean;
  statusSubresource: boolean;
}

const known: KindInfo[] = [
  ['Pod', '', 'pods', true, true],
  ['Node', '', 'nodes', false, true],
  ['Namespace', '', 'namespaces', false, true],
  ['Service', '', 'services', true, true],
  ['ConfigMap', '', 'configmaps', true, false],
  ['Secret', '', 'secrets', true, false],
  ['Event', '', 'events', true, false],
  ['ServiceAccount', '', 'serviceaccounts', true, false],
  ['Endpoints', '', 'endpoints', true, false],
  ['PersistentVolume', '', 'persistentvolumes', false, true],
  ['PersistentVolumeClaim', '', 'persistentvolumeclaims', true, true],
  ['Deployment', 'apps', 'deployments', true, true],
  ['ReplicaSet', 'apps', 'replicasets', true, true],
  ['DaemonSet', 'apps', 'daemonsets', true, true],
  ['StatefulSet', 'apps', 'statefulsets', true, true],
  ['ControllerRevision', 'apps', 'controllerrevisions', true, false],
  ['EndpointSlice', 'discovery.k8s.io', 'endpointslices', true, false],
  ['Lease', 'coordination.k8s.io', 'leases', true, false],
  ['PodDisruptionBudget', 'policy', 'poddisruptionbudgets', true, true],
  ['PriorityClass', 'scheduling.k8s.io', 'priorityclasses', false, false],
  ['ClusterRole', 'rbac.authorization.k8s.io', 'clusterroles', false, false],
  ['ClusterRoleBinding', 'rbac.authorization.k8s.io', 'clusterrolebindings', false, false],
  ['Role', 'rbac.authorization.k8s.io', 'roles', true, false],
  ['RoleBinding', 'rbac.authorization.k8s.io', 'rolebindings', true, false],
  ['CustomResourceDefinition', 'apiextensions.k8s.io', 'customresourcedefinitions', false, true],
  ['StorageClass', 'storage.k8s.io', 'storageclasses', false, false],
  ['CSIDriver', 'storage.k8s.io', 'csidrivers', false, false],
  ['RuntimeClass', 'node.k8s.io', 'runtimeclasses', false, false],
  ['IngressClass', 'networking.k8s.io', 'ingressclasses', false, false],
  ['APIService', 'apiregistration.k8s.io', 'apiservices', false, true],
  [
    'MutatingWebhookConfiguration',
    'admissionregistration.k8s.io',
    'mutatingwebhookconfigurations',
    false,
    false,
  ],
  [
    'ValidatingWebhookConfiguration',
    'admissionregistration.k8s.io',
    'validatingwebhookconfigurations',
    false,
    false,
  ],
].map(([kind, group, plural, namespaced, statusSubresource]) => ({
  kind: kind as string,
  group: group as string,
  plural: plural as string,
  namespaced: namespaced as boolean,
  statusSubresource: statusSubresource as boolean,
}));

const byKind = new Map(known.map((k) => [k.kind, k]));

/** Lowercase plural as the API derives it for custom kinds: NetworkPolicy → networkpolicies, IPPool → ippools. */
export function pluralOf(kind: string): string {
  const lower = kind.toLowerCase();
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(lower)) return `${lower}es`;
  return `${lower}s`;
}

/** Scope of kinds defined by CustomResourceDefinitions the store holds, registered as CRDs are written. */
export class KindRegistry {
  private readonly custom = new Map<string, KindInfo>();

  info(kind: string, apiVersion?: string): KindInfo {
    const k = byKind.get(kind) ?? this.custom.get(kind);
    if (k) return k;
    const group = apiVersion?.includes('/') ? (apiVersion.split('/')[0] as string) : '';
    return { kind, group, plural: pluralOf(kind), namespaced: true, statusSubresource: false };
  }

  /** Learns a custom kind's scope and names from a CustomResourceDefinition object. */
  registerCrd(crd: { [field: string]: unknown }): void {
    const spec = crd.spec as
      | { group?: string; scope?: string; names?: { kind?: string; plural?: string }; versions?: unknown[] }
      | undefined;
    const kind = spec?.names?.kind;
    if (!kind) return;
    const hasStatus = (spec.versions ?? []).some(
      (v) =>
        typeof v === 'object' &&
        v !== null &&
        'subresources' in v &&
        !!(v as { subresources?: { status?: unknown } }).subresources?.status,
    );
    this.custom.set(kind, {
      kind,
      group: spec.group ?? '',
      plural: spec.names?.plural ?? pluralOf(kind),
      namespaced: spec.scope !== 'Cluster',
      statusSubresource: hasStatus,
    });
  }

  /** `pods`, `deployments.apps`: how the API names a resource in error messages. */
  qualifiedResource(kind: string, apiVersion?: string): string {
    const i = this.info(kind, apiVersion);
    return i.group ? `${i.plural}.${i.group}` : i.plural;
  }
}

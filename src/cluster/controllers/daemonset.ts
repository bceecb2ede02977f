import type { DaemonSet, Node, Pod, Toleration } from '../objects/index.js';
import { objectKey } from '../objects/meta.js';
import { TaintKeys } from '../objects/node.js';
import { taintToleratedBy } from '../objects/taints.js';
import { resolveIntOrPercent } from '../objects/workloads.js';
import { type HandlerResult, WorkQueue } from '../runtime/work-queue.js';
import { compileNodeAffinity, nodeMatchesRequired } from '../scheduler/node-affinity.js';
import { isApiError } from '../store/api-error.js';
import { deepEqual } from '../store/immutable.js';
import { Expectations } from './expectations.js';
import { type Controller, type InformerFactory, podEventBatchMs } from './informer-factory.js';
import { isActivePod, isPodAvailable } from './pod-ranking.js';
import { podFromTemplate, templateHash } from './pod-template.js';

export const revisionHashLabel = 'controller-revision-hash';

/** Tolerations the DaemonSet controller adds to its pods (daemon/util AddOrUpdateDaemonPodTolerations). */
export function daemonSetTolerations(
  existing: readonly Toleration[] | undefined,
  hostNetwork: boolean,
): Toleration[] {
  const tols = [...(existing ?? [])];
  const add = (t: Toleration) => {
    if (!tols.some((x) => x.key === t.key && x.effect === t.effect && x.operator === t.operator))
      tols.push(t);
  };
  add({ key: TaintKeys.notReady, operator: 'Exists', effect: 'NoExecute' });
  add({ key: TaintKeys.unreachable, operator: 'Exists', effect: 'NoExecute' });
  add({ key: TaintKeys.diskPressure, operator: 'Exists', effect: 'NoSchedule' });
  add({ key: TaintKeys.memoryPressure, operator: 'Exists', effect: 'NoSchedule' });
  add({ key: TaintKeys.pidPressure, operator: 'Exists', effect: 'NoSchedule' });
  add({ key: TaintKeys.unschedulable, operator: 'Exists', effect: 'NoSchedule' });
  if (hostNetwork) add({ key: TaintKeys.networkUnavailable, operator: 'Exists', effect: 'NoSchedule' });
  return tols;
}

/** The DaemonSet's pod for one node: its tolerations plus required node affinity on that node's name. */
export function daemonPodFor(ds: DaemonSet, nodeName: string, hash: string): Pod {
  const spec = ds.spec.template.spec;
  const pod = podFromTemplate(ds.spec.template, ds, `${ds.metadata.name}-`, { [revisionHashLabel]: hash });
  const nodeAffinity = {
    ...spec.affinity?.nodeAffinity,
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [
        { matchFields: [{ key: 'metadata.name', operator: 'In' as const, values: [nodeName] }] },
      ],
    },
  };
  pod.spec = {
    ...spec,
    tolerations: daemonSetTolerations(spec.tolerations, spec.hostNetwork === true),
    affinity: { ...spec.affinity, nodeAffinity },
  };
  return pod;
}

/**
 * Whether a daemon pod should run on the node: nodeSelector and required node affinity match, and every
 * NoSchedule/NoExecute taint is tolerated (with the DaemonSet tolerations added).
 */
export function nodeShouldRunDaemonPod(ds: DaemonSet, node: Node): boolean {
  const spec = ds.spec.template.spec;
  const probe = { spec: { ...spec, affinity: spec.affinity } } as Pod;
  if (!nodeMatchesRequired(compileNodeAffinity(probe), node)) return false;
  const tols = daemonSetTolerations(spec.tolerations, spec.hostNetwork === true);
  for (const t of node.spec.taints ?? []) {
    if (t.effect === 'PreferNoSchedule') continue;
    if (!taintToleratedBy(t, tols)) return false;
  }
  return true;
}

const nodeOfDaemonPod = (p: Pod): string | undefined =>
  p.spec.nodeName ??
  p.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms?.[0]
    ?.matchFields?.[0]?.values?.[0];

/** One pod per eligible node, with RollingUpdate (maxUnavailable) when the template changes. */
export class DaemonSetController implements Controller {
  readonly name = 'daemonset';
  private readonly queue: WorkQueue<string>;
  private readonly expectations: Expectations;

  constructor(private readonly f: InformerFactory) {
    this.queue = new WorkQueue(f.clock, 'daemonset');
    this.expectations = new Expectations(() => f.clock.now());
  }

  register(): void {
    const dsInf = this.f.for('DaemonSet');
    const all = () => {
      for (const ds of dsInf.values()) this.queue.add(objectKey(ds.metadata));
    };
    dsInf.addHandler({
      onAdd: (d) => this.queue.add(objectKey(d.metadata)),
      onUpdate: (_, d) => this.queue.add(objectKey(d.metadata)),
    });
    this.f.for('Node').addHandler({
      onAdd: all,
      onUpdate: (a, b) => {
        if (!deepEqual(a.metadata.labels, b.metadata.labels) || !deepEqual(a.spec.taints, b.spec.taints))
          all();
      },
      onDelete: all,
    });
    const byPod = (p: Pod, seen?: 'add' | 'del') => {
      const ref = p.metadata.ownerReferences?.find((r) => r.controller && r.kind === 'DaemonSet');
      if (!ref) return;
      const key = `${p.metadata.namespace}/${ref.name}`;
      if (seen === 'add') this.expectations.observedAdd(key);
      if (seen === 'del') this.expectations.observedDelete(key, p.metadata.uid);
      this.queue.addAfter(key, podEventBatchMs);
    };
    this.f.for('Pod').addHandler({
      onAdd: (p) => byPod(p, 'add'),
      onUpdate: (_, p) => byPod(p),
      onDelete: (p) => byPod(p, 'del'),
    });
  }

  run(): void {
    this.queue.run((key) => this.sync(key));
  }

  stop(): void {
    this.queue.shutDown();
  }

  idle(): boolean {
    return this.queue.idle();
  }

  private async sync(key: string): Promise<HandlerResult> {
    const ds = this.f.for('DaemonSet').getByKey(key);
    if (!ds?.metadata.uid || ds.metadata.deletionTimestamp) return;
    const client = this.f.client;
    const now = this.f.clock.now();
    const hash = templateHash(ds.spec.template);
    const minReady = ds.spec.minReadySeconds ?? 0;
    const podsByNode = new Map<string, Pod[]>();
    for (const p of this.f.for('Pod').byIndex('owner', ds.metadata.uid)) {
      if (!isActivePod(p)) {
        // A failed daemon pod is replaced (deleted here, recreated on the next sync).
        if (p.status?.phase === 'Failed' && !p.metadata.deletionTimestamp)
          await client.delete('Pod', p.metadata.name, p.metadata.namespace).catch(() => undefined);
        continue;
      }
      const n = nodeOfDaemonPod(p);
      if (!n) continue;
      const list = podsByNode.get(n) ?? [];
      list.push(p);
      podsByNode.set(n, list);
    }
    const nodes = this.f.for('Node').list();
    const eligible = new Set<string>();
    const create: string[] = [];
    const remove: Pod[] = [];
    for (const node of nodes) {
      const name = node.metadata.name;
      const pods = podsByNode.get(name) ?? [];
      if (nodeShouldRunDaemonPod(ds, node)) {
        eligible.add(name);
        if (pods.length === 0) create.push(name);
        else if (pods.length > 1) remove.push(...pods.slice(1));
      } else remove.push(...pods);
    }
    const nodeNames = new Set(nodes.map((x) => x.metadata.name));
    for (const [n, pods] of podsByNode) if (!nodeNames.has(n)) remove.push(...pods);

    // Rolling update: replace old-template pods, at most maxUnavailable nodes without an available pod at once.
    const strategy = ds.spec.updateStrategy;
    if (strategy?.type !== 'OnDelete') {
      const maxUnavailable = Math.max(
        1,
        resolveIntOrPercent(strategy?.rollingUpdate?.maxUnavailable, eligible.size, true, 1),
      );
      let unavailable = create.length;
      const old: Pod[] = [];
      for (const n of eligible) {
        const p = podsByNode.get(n)?.[0];
        if (!p) continue;
        if (!isPodAvailable(p, minReady, now)) unavailable++;
        if (p.metadata.labels?.[revisionHashLabel] !== hash) old.push(p);
      }
      const oldUnavailableFirst = old.sort(
        (a, b) => Number(isPodAvailable(a, minReady, now)) - Number(isPodAvailable(b, minReady, now)),
      );
      for (const p of oldUnavailableFirst) {
        const avail = isPodAvailable(p, minReady, now);
        if (avail && unavailable >= maxUnavailable) break;
        remove.push(p);
        if (avail) unavailable++;
      }
    }

    if (this.expectations.satisfied(key)) {
      const victims = remove.filter((p) => !p.metadata.deletionTimestamp);
      this.expectations.expect(
        key,
        create.length,
        victims.map((p) => p.metadata.uid as string),
      );
      for (const n of create) {
        try {
          await client.create(daemonPodFor(ds, n, hash));
        } catch (e) {
          this.expectations.creationFailed(key);
          if (!isApiError(e)) throw e;
        }
      }
      for (const p of victims) {
        await client.delete('Pod', p.metadata.name, p.metadata.namespace).catch((e) => {
          this.expectations.observedDelete(key, p.metadata.uid);
          if (!isApiError(e, 'NotFound')) throw e;
        });
      }
    }

    let scheduled = 0;
    let ready = 0;
    let available = 0;
    let updated = 0;
    let misscheduled = 0;
    for (const [n, pods] of podsByNode) {
      const p = pods[0] as Pod;
      if (!eligible.has(n)) {
        if (p.spec.nodeName) misscheduled++;
        continue;
      }
      scheduled++;
      if (p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) ready++;
      if (isPodAvailable(p, minReady, now)) available++;
      if (p.metadata.labels?.[revisionHashLabel] === hash) updated++;
    }
    const status: NonNullable<DaemonSet['status']> = {
      currentNumberScheduled: scheduled,
      numberMisscheduled: misscheduled,
      desiredNumberScheduled: eligible.size,
      numberReady: ready,
      observedGeneration: ds.metadata.generation,
      updatedNumberScheduled: updated,
      numberAvailable: available,
      numberUnavailable: Math.max(0, eligible.size - available),
    };
    if (!deepEqual(ds.status, status)) {
      await client.updateStatus({ ...ds, status }).catch((e) => {
        if (!isApiError(e, 'Conflict') && !isApiError(e, 'NotFound')) throw e;
        this.queue.add(key);
      });
    }
    return minReady > 0 && available < ready ? { requeueAfterMs: minReady * 1000 } : undefined;
  }
}

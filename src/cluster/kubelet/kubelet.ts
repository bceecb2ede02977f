import type { KubeClient } from '../client/kube-client.js';
import type { ContainerContext } from '../images/behaviour.js';
import { imageBehaviour } from '../images/catalog.js';
import type { Lease, Node, Pod, Taint } from '../objects/index.js';
import { objectKey } from '../objects/meta.js';
import { isPodTerminal } from '../objects/pod.js';
import { milliValue, quantityValue } from '../objects/quantity.js';
import { type Clock, isoMicros, type TimerHandle } from '../runtime/clock.js';
import { EventRecorder } from '../runtime/event-recorder.js';
import { Informer } from '../runtime/informer.js';
import { WorkQueue } from '../runtime/work-queue.js';
import { isApiError } from '../store/api-error.js';
import { deepEqual } from '../store/immutable.js';
import type { NodeHost } from './node-host.js';
import { initialNode, type NodeResources, nodeConditions, type Readiness } from './node-status.js';
import { networkNotReadyMessage, PodNetwork } from './pod-network.js';
import { backoffDelay, type ContainerRun, type PodRun, podStatus } from './pod-runtime.js';
import { defaultStaticPodPath, readStaticPods } from './static-pods.js';

export interface KubeletConfig {
  nodeName: string;
  ip: string;
  labels?: Record<string, string>;
  registerWithTaints?: Taint[];
  resources?: NodeResources;
  kubeletVersion?: string;
  /** containerd up; when false the node stays NotReady. */
  runtimeUp?: boolean;
  staticPodPath?: string;
  /** Lease renewal and status sync period (the kubelet's 10 s). */
  heartbeatMs?: number;
}

export const nodeLeaseDurationSeconds = 40;

/**
 * A simulated kubelet: registers its Node, renews its Lease, reports Ready from the runtime and the CNI config
 * on its NodeHost, and runs the pods bound to it through their lifecycle, with what each container does taken
 * from the image catalog. It talks to the cluster only through the KubeClient.
 */
export class Kubelet {
  readonly nodeName: string;
  readonly network: PodNetwork;
  private readonly pods: Informer<'Pod'>;
  private readonly queue: WorkQueue<string>;
  private readonly runs = new Map<string, PodRun>();
  private readonly uidOfKey = new Map<string, string>();
  private readonly events: EventRecorder;
  private heartbeat?: TimerHandle;
  private readiness: Readiness = { ready: false, message: 'kubelet is starting' };
  private running = false;
  private runtimeUp: boolean;
  private readonly heartbeatMs: number;

  constructor(
    private readonly client: KubeClient,
    private readonly clock: Clock,
    readonly host: NodeHost,
    readonly config: KubeletConfig,
  ) {
    this.nodeName = config.nodeName;
    this.runtimeUp = config.runtimeUp ?? true;
    this.heartbeatMs = config.heartbeatMs ?? 10_000;
    this.network = new PodNetwork(host);
    this.pods = new Informer(client, 'Pod', clock, { fieldSelector: `spec.nodeName=${config.nodeName}` });
    this.queue = new WorkQueue(clock, `kubelet-${config.nodeName}`);
    this.events = new EventRecorder(client, clock, 'kubelet', config.nodeName);
  }

  idle(): boolean {
    return this.queue.idle() && !this.pods.busy();
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.register();
    await this.syncNodeStatus();
    await this.renewLease();
    this.pods.addHandler({
      onAdd: (p) => this.queue.add(objectKey(p.metadata)),
      onUpdate: (_, p) => this.queue.add(objectKey(p.metadata)),
      onDelete: (p) => this.queue.add(objectKey(p.metadata)),
    });
    this.queue.run((key) => this.syncPod(key));
    await this.pods.start();
    for (const p of this.pods.values())
      if (p.status?.podIP && p.metadata.uid) this.network.adopt(p.metadata.uid, p.status.podIP);
    await this.syncStaticPods();
    this.scheduleHeartbeat();
  }

  /** The node goes silent (power off, kubelet stopped): no more heartbeats or pod updates. */
  stop(): void {
    this.running = false;
    this.pods.stop();
    this.queue.shutDown();
    if (this.heartbeat) this.clock.clearTimeout(this.heartbeat);
  }

  setRuntimeUp(up: boolean): void {
    this.runtimeUp = up;
  }

  /** Files changed on the host (a CNI config written by hand): re-check readiness now. */
  async hostChanged(): Promise<void> {
    await this.syncNodeStatus();
    await this.syncStaticPods();
  }

  private scheduleHeartbeat(): void {
    this.heartbeat = this.clock.setTimeout(
      () => {
        if (!this.running) return;
        void (async () => {
          await this.renewLease();
          await this.syncNodeStatus();
          await this.syncStaticPods();
        })().finally(() => {
          if (this.running) this.scheduleHeartbeat();
        });
      },
      this.heartbeatMs,
      { background: true },
    );
  }

  private async register(): Promise<void> {
    const node = initialNode(
      {
        nodeName: this.nodeName,
        ip: this.config.ip,
        labels: this.config.labels,
        registerWithTaints: this.config.registerWithTaints,
        resources: this.config.resources ?? { cpu: '4', memory: '8Gi' },
        kubeletVersion: this.config.kubeletVersion ?? 'v1.31.0',
      },
      this.clock.now(),
    );
    try {
      await this.client.create(node);
    } catch (e) {
      if (!isApiError(e, 'AlreadyExists')) throw e;
      // Re-registration keeps what controllers and users set (podCIDR, taints) and refreshes what the kubelet owns.
      await this.client.patch(
        'Node',
        this.nodeName,
        undefined,
        { metadata: { labels: node.metadata.labels } },
        'merge',
      );
      await this.client.patch(
        'Node',
        this.nodeName,
        undefined,
        { status: { ...node.status, conditions: undefined } },
        'merge',
        { subresource: 'status' },
      );
    }
  }

  private async currentNode(): Promise<Node | undefined> {
    try {
      return await this.client.get('Node', this.nodeName);
    } catch (e) {
      if (isApiError(e, 'NotFound')) return undefined;
      throw e;
    }
  }

  private async renewLease(): Promise<void> {
    const renewTime = isoMicros(this.clock.now());
    try {
      await this.client.patch('Lease', this.nodeName, 'kube-node-lease', { spec: { renewTime } }, 'merge');
    } catch (e) {
      if (!isApiError(e, 'NotFound')) throw e;
      const node = await this.currentNode();
      const lease: Lease = {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: {
          name: this.nodeName,
          namespace: 'kube-node-lease',
          ...(node?.metadata.uid
            ? {
                ownerReferences: [
                  { apiVersion: 'v1', kind: 'Node', name: this.nodeName, uid: node.metadata.uid },
                ],
              }
            : {}),
        },
        spec: { holderIdentity: this.nodeName, leaseDurationSeconds: nodeLeaseDurationSeconds, renewTime },
      };
      await this.client.create(lease);
    }
  }

  /** Ready iff the runtime is up and a CNI config exists; pods waiting for the network are retried on change. */
  async syncNodeStatus(): Promise<void> {
    const node = await this.currentNode();
    if (!node) {
      if (this.running) await this.register();
      return;
    }
    const netChanged = await this.network.refresh(node.spec.podCIDR);
    const next: Readiness = !this.runtimeUp
      ? { ready: false, message: 'container runtime is down' }
      : this.network.ready
        ? { ready: true, message: 'kubelet is posting ready status' }
        : { ready: false, message: networkNotReadyMessage };
    const prevConds = node.status?.conditions ?? [];
    const prevReady = prevConds.find((c) => c.type === 'Ready');
    const wantStatus = next.ready ? 'True' : 'False';
    if (!prevReady || prevReady.status !== wantStatus || prevReady.message !== next.message) {
      const conditions = nodeConditions(next, prevConds, this.clock.now());
      await this.client.patch('Node', this.nodeName, undefined, { status: { conditions } }, 'strategic', {
        subresource: 'status',
      });
    }
    this.readiness = next;
    if (netChanged) for (const p of this.pods.values()) this.queue.add(objectKey(p.metadata));
  }

  private async syncStaticPods(): Promise<void> {
    const dir = this.config.staticPodPath ?? defaultStaticPodPath;
    const node = await this.currentNode();
    if (!node) return;
    const wanted = await readStaticPods(this.host, dir, node);
    const wantedKeys = new Set(wanted.map((p) => objectKey(p.metadata)));
    for (const p of wanted) {
      const have = this.pods.getByKey(objectKey(p.metadata));
      const hash = p.metadata.annotations?.['kubernetes.io/config.mirror'];
      if (
        have &&
        have.metadata.annotations?.['kubernetes.io/config.mirror'] === hash &&
        !have.metadata.deletionTimestamp
      )
        continue;
      try {
        if (have)
          await this.client.delete('Pod', have.metadata.name, have.metadata.namespace, {
            gracePeriodSeconds: 0,
          });
        await this.client.create(p);
      } catch (e) {
        if (!isApiError(e)) throw e;
      }
    }
    for (const p of this.pods.values()) {
      const source = p.metadata.annotations?.['kubernetes.io/config.source'];
      if (source === 'file' && !wantedKeys.has(objectKey(p.metadata))) {
        await this.client
          .delete('Pod', p.metadata.name, p.metadata.namespace, { gracePeriodSeconds: 0 })
          .catch(() => undefined);
      }
    }
  }

  private release(uid: string): void {
    this.runs.delete(uid);
    this.network.release(uid);
  }

  private async syncPod(key: string): Promise<void | { requeueAfterMs: number }> {
    if (!this.running) return;
    const pod = this.pods.getByKey(key);
    const prevUid = this.uidOfKey.get(key);
    if (
      prevUid !== undefined &&
      (!pod || pod.metadata.uid !== prevUid || pod.spec.nodeName !== this.nodeName)
    ) {
      this.release(prevUid);
      this.uidOfKey.delete(key);
    }
    if (!pod || pod.spec.nodeName !== this.nodeName) return;
    const uid = pod.metadata.uid as string;
    this.uidOfKey.set(key, uid);
    if (pod.metadata.deletionTimestamp) {
      this.release(uid);
      try {
        await this.client.delete('Pod', pod.metadata.name, pod.metadata.namespace, {
          gracePeriodSeconds: 0,
          preconditions: { uid },
        });
      } catch (e) {
        if (!isApiError(e, 'NotFound') && !isApiError(e, 'Conflict')) throw e;
      }
      return;
    }
    if (isPodTerminal(pod)) return;
    const now = this.clock.now();
    let run = this.runs.get(uid);
    if (!run) {
      run = {
        uid,
        stage: 'sandbox',
        startAt: now,
        startTime: now,
        containers: pod.spec.containers.map((c) => ({
          name: c.name,
          image: c.image,
          restartCount: 0,
          state: 'waiting',
          reason: 'ContainerCreating',
        })),
      };
      this.runs.set(uid, run);
    }
    let requeue: number | undefined;
    if (run.stage === 'sandbox') {
      if (!pod.spec.hostNetwork && !this.network.ready) {
        run.sandboxMessage = `network is not ready: ${networkNotReadyMessage}`;
      } else {
        let ip = pod.spec.hostNetwork ? this.config.ip : this.network.allocate(uid);
        if (!ip) {
          // The range may have just appeared (podCIDR assigned after the last look): re-read, then retry later.
          await this.syncNodeStatus();
          ip = this.network.allocate(uid);
        }
        if (!ip) {
          run.sandboxMessage = this.network.allocationError();
          requeue = 10_000;
        } else {
          run.ip = ip;
          run.sandboxMessage = undefined;
          run.stage = 'creating';
          const startup = Math.max(0, ...pod.spec.containers.map((c) => imageBehaviour(c.image).startupMs));
          run.startAt = now + startup;
        }
      }
    }
    if (run.stage === 'creating' && now >= run.startAt) run.stage = 'started';
    if (run.stage === 'creating') requeue = run.startAt - now;
    if (run.stage === 'started') {
      const node = await this.currentNode();
      if (!node) return;
      for (const c of run.containers) {
        if (c.state === 'running') continue;
        if (c.backoffUntil !== undefined && now < c.backoffUntil) {
          requeue = Math.min(requeue ?? Infinity, c.backoffUntil - now);
          continue;
        }
        const wait = await this.startContainer(pod, node, c, now);
        if (wait !== undefined) requeue = Math.min(requeue ?? Infinity, wait);
      }
    }
    const status = podStatus(pod, run, this.config.ip, now);
    if (run.stage === 'sandbox' && run.sandboxMessage) {
      for (const cs of status.containerStatuses ?? [])
        cs.state = { waiting: { reason: 'ContainerCreating', message: run.sandboxMessage } };
    }
    if (!sameStatus(pod.status, status)) {
      try {
        // The kubelet owns pod status: write it whatever the resourceVersion, but only to this pod (uid).
        const { resourceVersion: _, ...meta } = pod.metadata;
        await this.client.updateStatus({ ...pod, metadata: meta, status });
      } catch (e) {
        if (isApiError(e, 'NotFound')) return;
        throw e;
      }
    }
    return requeue !== undefined ? { requeueAfterMs: requeue } : undefined;
  }

  /** Starts one container; returns how long until it needs another look (a crash-loop back-off), if at all. */
  private async startContainer(
    pod: Pod,
    node: Node,
    c: ContainerRun,
    now: number,
  ): Promise<number | undefined> {
    const spec = pod.spec.containers.find((x) => x.name === c.name);
    if (!spec) return undefined;
    const behaviour = imageBehaviour(spec.image);
    const ctx: ContainerContext = { pod, container: spec, node, host: this.host, client: this.client };
    const outcome = behaviour.start ? await behaviour.start(ctx) : { ok: true as const };
    const usage = behaviour.usage?.(spec) ?? {};
    const memLimit = spec.resources?.limits?.memory;
    const oom =
      usage.memoryBytes !== undefined &&
      memLimit !== undefined &&
      usage.memoryBytes > quantityValue(memLimit);
    if (outcome.ok && !oom) {
      c.state = 'running';
      c.startedAt = now;
      c.reason = undefined;
      c.message = undefined;
      c.backoffUntil = undefined;
      const cpuLimit = spec.resources?.limits?.cpu;
      c.throttled =
        usage.cpuMilli !== undefined && cpuLimit !== undefined && usage.cpuMilli > milliValue(cpuLimit);
      // Images with a start hook may have written a CNI config: the node can turn Ready now, not at the next tick.
      if (behaviour.start) await this.syncNodeStatus();
      return undefined;
    }
    const exitCode = outcome.ok ? 137 : outcome.exitCode;
    const reason = outcome.ok ? 'OOMKilled' : 'Error';
    c.lastTerminated = {
      exitCode,
      reason,
      message: outcome.ok ? undefined : outcome.message,
      startedAt: now,
      finishedAt: now,
    };
    c.restartCount++;
    const delay = backoffDelay(c.restartCount);
    c.backoffUntil = now + delay;
    c.state = 'waiting';
    c.reason = 'CrashLoopBackOff';
    c.message = `back-off ${Math.round(delay / 1000)}s restarting failed container=${c.name} pod=${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;
    await this.events.record(pod, 'Warning', 'BackOff', 'Back-off restarting failed container');
    return delay;
  }

  /** CPU use per running container as the kubelet's stats would show it: capped at the limit when throttled. */
  containerStats(pod: Pod): { name: string; cpuMilli?: number; memoryBytes?: number; throttled: boolean }[] {
    const run = pod.metadata.uid ? this.runs.get(pod.metadata.uid) : undefined;
    return pod.spec.containers.map((spec) => {
      const usage = imageBehaviour(spec.image).usage?.(spec) ?? {};
      const c = run?.containers.find((x) => x.name === spec.name);
      const limit = spec.resources?.limits?.cpu;
      const cpu = usage.cpuMilli !== undefined && c?.throttled && limit ? milliValue(limit) : usage.cpuMilli;
      return {
        name: spec.name,
        cpuMilli: cpu,
        memoryBytes: usage.memoryBytes,
        throttled: c?.throttled === true,
      };
    });
  }

  get ready(): boolean {
    return this.readiness.ready;
  }
}

/** Status equality ignoring timestamps that move on their own. */
function sameStatus(a: Pod['status'], b: Pod['status']): boolean {
  return deepEqual(a, b);
}

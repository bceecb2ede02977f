import type { Endpoint, EndpointSlice, Pod, Service } from '../objects/index.js';
import { objectKey } from '../objects/meta.js';
import { isPodReady, isPodTerminal } from '../objects/pod.js';
import { matchesLabelMap } from '../objects/selectors.js';
import { type HandlerResult, WorkQueue } from '../runtime/work-queue.js';
import { isApiError } from '../store/api-error.js';
import { deepEqual } from '../store/immutable.js';
import type { Controller, InformerFactory } from './informer-factory.js';
import { controllerRef } from './pod-template.js';

const serviceNameLabel = 'kubernetes.io/service-name';

/** The endpoints a Service's selector selects: pods with an IP, ready or not, terminating marked as such. */
export function serviceEndpoints(svc: Service, pods: readonly Pod[]): Endpoint[] {
  const sel = svc.spec.selector;
  const out: Endpoint[] = [];
  for (const p of pods) {
    if (!p.status?.podIP || isPodTerminal(p) || !matchesLabelMap(sel, p.metadata.labels)) continue;
    const terminating = p.metadata.deletionTimestamp !== undefined;
    const ready = isPodReady(p);
    out.push({
      addresses: [p.status.podIP],
      conditions: { ready: ready && !terminating, serving: ready, terminating },
      ...(p.spec.nodeName ? { nodeName: p.spec.nodeName } : {}),
      targetRef: { kind: 'Pod', namespace: p.metadata.namespace, name: p.metadata.name, uid: p.metadata.uid },
    });
  }
  return out.sort((a, b) => ((a.targetRef?.name ?? '') < (b.targetRef?.name ?? '') ? -1 : 1));
}

/** Keeps one EndpointSlice per selector-bearing Service, owned by it. */
export class EndpointSliceController implements Controller {
  readonly name = 'endpointslice';
  private readonly queue: WorkQueue<string>;

  constructor(private readonly f: InformerFactory) {
    this.queue = new WorkQueue(f.clock, 'endpointslice');
  }

  register(): void {
    const services = this.f.for('Service');
    services.addHandler({
      onAdd: (s) => this.queue.add(objectKey(s.metadata)),
      onUpdate: (_, s) => this.queue.add(objectKey(s.metadata)),
    });
    const byPod = (p: Pod) => {
      for (const s of services.byIndex('namespace', p.metadata.namespace ?? '')) {
        if (s.spec.selector && matchesLabelMap(s.spec.selector, p.metadata.labels))
          this.queue.add(objectKey(s.metadata));
      }
    };
    this.f.for('Pod').addHandler({
      onAdd: byPod,
      onUpdate: (a, b) => {
        if (
          a.status?.podIP !== b.status?.podIP ||
          isPodReady(a) !== isPodReady(b) ||
          a.metadata.deletionTimestamp !== b.metadata.deletionTimestamp ||
          !deepEqual(a.metadata.labels, b.metadata.labels)
        ) {
          byPod(a);
          byPod(b);
        }
      },
      onDelete: byPod,
    });
    this.f.for('EndpointSlice');
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
    const svc = this.f.for('Service').getByKey(key);
    if (!svc?.spec.selector || svc.metadata.deletionTimestamp) return;
    const ns = svc.metadata.namespace as string;
    const endpoints = serviceEndpoints(svc, this.f.for('Pod').byIndex('namespace', ns));
    const ports = (svc.spec.ports ?? []).map((p) => ({
      name: p.name ?? '',
      port: typeof p.targetPort === 'number' ? p.targetPort : p.port,
      protocol: p.protocol ?? 'TCP',
    }));
    const existing = this.f.for('EndpointSlice').byIndex('owner', svc.metadata.uid ?? '')[0];
    const client = this.f.client;
    try {
      if (!existing) {
        const slice: EndpointSlice = {
          apiVersion: 'discovery.k8s.io/v1',
          kind: 'EndpointSlice',
          metadata: {
            name: '',
            generateName: `${svc.metadata.name}-`,
            namespace: ns,
            labels: {
              [serviceNameLabel]: svc.metadata.name,
              'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
            },
            ownerReferences: [controllerRef(svc)],
          },
          addressType: 'IPv4',
          endpoints,
          ports,
        };
        await client.create(slice);
      } else if (!deepEqual(existing.endpoints, endpoints) || !deepEqual(existing.ports, ports)) {
        await client.update({ ...existing, endpoints, ports });
      }
    } catch (e) {
      if (isApiError(e, 'Conflict')) return { requeueAfterMs: 0 };
      if (!isApiError(e, 'NotFound') && !isApiError(e, 'Forbidden')) throw e;
    }
    return undefined;
  }
}

import type { KubeClient } from '../client/kube-client.js';
import type { Event, KubeObject } from '../objects/index.js';
import { isApiError } from '../store/api-error.js';
import { type Clock, isoSeconds } from './clock.js';

/**
 * Records Events the way client-go's recorder does: the same (object, type, reason, message) again bumps the
 * count of the existing Event instead of writing a new one. Names are deterministic (`<object>.<n>`).
 */
export class EventRecorder {
  private readonly seen = new Map<string, { name: string; namespace: string; count: number }>();
  private seq = 0;

  constructor(
    private readonly client: KubeClient,
    private readonly clock: Clock,
    private readonly component: string,
    private readonly host?: string,
  ) {}

  async record(obj: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string): Promise<void> {
    const namespace = obj.metadata.namespace ?? 'default';
    const key = `${obj.kind}/${namespace}/${obj.metadata.name}/${obj.metadata.uid}/${type}/${reason}/${message}`;
    const now = isoSeconds(this.clock.now());
    const prior = this.seen.get(key);
    try {
      if (prior) {
        prior.count++;
        await this.client.patch(
          'Event',
          prior.name,
          prior.namespace,
          { count: prior.count, lastTimestamp: now },
          'merge',
        );
        return;
      }
      const name = `${obj.metadata.name}.${(++this.seq).toString(16).padStart(16, '0')}`;
      this.seen.set(key, { name, namespace, count: 1 });
      const ev: Event = {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name, namespace },
        involvedObject: {
          apiVersion: obj.apiVersion,
          kind: obj.kind,
          name: obj.metadata.name,
          namespace: obj.metadata.namespace,
          uid: obj.metadata.uid,
        },
        reason,
        message,
        type,
        source: { component: this.component, ...(this.host ? { host: this.host } : {}) },
        count: 1,
        firstTimestamp: now,
        lastTimestamp: now,
      };
      await this.client.create(ev);
    } catch (e) {
      // Events are best effort, as in Kubernetes: a terminating namespace or a lost race must not fail the caller.
      if (!isApiError(e)) throw e;
      this.seen.delete(key);
    }
  }
}

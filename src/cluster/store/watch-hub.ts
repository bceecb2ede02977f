import type { WatchEvent, WatchEventType } from '../client/kube-client.js';
import type { KubeObject } from '../objects/index.js';
import {
  compileLabelSelectorString,
  type FieldRequirement,
  type LabelPredicate,
  parseFieldSelector,
} from '../objects/selectors.js';

/** Reads the fields list and watch calls can select on (metadata.*, spec.nodeName, status.phase, and any path). */
export function fieldValue(obj: KubeObject, field: string): string {
  switch (field) {
    case 'metadata.name':
      return obj.metadata.name;
    case 'metadata.namespace':
      return obj.metadata.namespace ?? '';
    case 'spec.nodeName':
      return ((obj.spec as { nodeName?: string } | undefined)?.nodeName ?? '') as string;
    case 'status.phase':
      return ((obj.status as { phase?: string } | undefined)?.phase ?? '') as string;
    default: {
      let cur: unknown = obj;
      for (const part of field.split('.')) cur = (cur as Record<string, unknown> | undefined)?.[part];
      return cur === undefined || cur === null ? '' : String(cur);
    }
  }
}

export interface Filter {
  namespace?: string;
  labels: LabelPredicate;
  fields: FieldRequirement[];
  /** `spec.nodeName=X` pulled out so pod events reach only the watchers of that node. */
  nodeName?: string;
  /** `metadata.name=X` pulled out so a kubelet watching its own Node sees only that node's events. */
  name?: string;
}

export function compileFilter(opts: {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}): Filter {
  const fields = parseFieldSelector(opts.fieldSelector);
  const nodeReq = fields.find((f) => f.field === 'spec.nodeName' && f.op === '=');
  return {
    namespace: opts.namespace,
    labels: compileLabelSelectorString(opts.labelSelector),
    fields,
    nodeName: nodeReq?.value,
    name: fields.find((f) => f.field === 'metadata.name' && f.op === '=')?.value,
  };
}

export function matchesFilter(f: Filter, obj: KubeObject): boolean {
  if (f.namespace !== undefined && f.namespace !== '' && obj.metadata.namespace !== f.namespace) return false;
  for (const r of f.fields) {
    const eq = fieldValue(obj, r.field) === r.value;
    if (eq !== (r.op === '=')) return false;
  }
  return f.labels(obj.metadata.labels);
}

export interface Watcher {
  id: number;
  filter: Filter;
  onEvent: (e: WatchEvent<KubeObject>) => void;
}

const nodeNameOf = (o: KubeObject | undefined) => (o?.spec as { nodeName?: string } | undefined)?.nodeName;

/**
 * Watchers of one kind, indexed by the node they select on: with thousands of kubelets each watching its own
 * pods, a pod event is offered only to the watchers of its node plus the unindexed ones.
 */
export class WatchHub {
  private readonly unindexed = new Map<number, Watcher>();
  private readonly byNode = new Map<string, Map<number, Watcher>>();
  private readonly byName = new Map<string, Map<number, Watcher>>();

  add(w: Watcher): void {
    if (w.filter.name !== undefined) {
      let m = this.byName.get(w.filter.name);
      if (!m) {
        m = new Map();
        this.byName.set(w.filter.name, m);
      }
      m.set(w.id, w);
    } else if (w.filter.nodeName !== undefined) {
      let m = this.byNode.get(w.filter.nodeName);
      if (!m) {
        m = new Map();
        this.byNode.set(w.filter.nodeName, m);
      }
      m.set(w.id, w);
    } else this.unindexed.set(w.id, w);
  }

  remove(w: Watcher): void {
    if (w.filter.name !== undefined) this.byName.get(w.filter.name)?.delete(w.id);
    else if (w.filter.nodeName !== undefined) this.byNode.get(w.filter.nodeName)?.delete(w.id);
    else this.unindexed.delete(w.id);
  }

  get size(): number {
    let n = this.unindexed.size;
    for (const m of this.byNode.values()) n += m.size;
    for (const m of this.byName.values()) n += m.size;
    return n;
  }

  /** Offers a change to every interested watcher, turning it into what that watcher's selector sees. */
  dispatch(type: WatchEventType, obj: KubeObject, prev: KubeObject | undefined): void {
    if (this.unindexed.size > 0) for (const w of this.unindexed.values()) deliver(w, type, obj, prev);
    if (this.byName.size > 0) {
      const m = this.byName.get(obj.metadata.name);
      if (m) for (const w of m.values()) deliver(w, type, obj, prev);
    }
    if (this.byNode.size === 0) return;
    const n1 = nodeNameOf(obj);
    const n0 = nodeNameOf(prev);
    if (n1 !== undefined) {
      const m = this.byNode.get(n1);
      if (m) for (const w of m.values()) deliver(w, type, obj, prev);
    }
    if (n0 !== undefined && n0 !== n1) {
      const m = this.byNode.get(n0);
      if (m) for (const w of m.values()) deliver(w, type, obj, prev);
    }
  }
}

export function deliver(
  w: Watcher,
  type: WatchEventType,
  obj: KubeObject,
  prev: KubeObject | undefined,
): void {
  let out: WatchEventType | undefined;
  if (type === 'DELETED') {
    out = matchesFilter(w.filter, obj) ? 'DELETED' : undefined;
  } else {
    const now = matchesFilter(w.filter, obj);
    const before = prev !== undefined && matchesFilter(w.filter, prev);
    if (now) out = before ? 'MODIFIED' : 'ADDED';
    else if (before) out = 'DELETED';
  }
  if (out) w.onEvent({ type: out, object: obj });
}

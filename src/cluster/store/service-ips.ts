import { formatIPv4, parseCidr, parseIPv4, size } from '../net/cidr.js';
import type { KubeObject } from '../objects/index.js';

/**
 * ClusterIP allocation from the service CIDR: explicit IPs (kube-dns at the 10th address) are reserved as given;
 * others get the lowest free address above the low band the API server keeps for static assignment.
 */
export class ServiceIpAllocator {
  private readonly used = new Set<number>();
  private readonly base: number;
  private readonly count: number;

  constructor(cidr: string) {
    const c = parseCidr(cidr) ?? { base: 0x0a600000, prefix: 12 };
    this.base = c.base;
    this.count = size(c);
  }

  assign(svc: KubeObject, taken: (ip: string) => Error): KubeObject {
    const spec = (svc.spec ?? {}) as { clusterIP?: string; type?: string };
    if (spec.clusterIP === 'None' || spec.type === 'ExternalName') return svc;
    if (spec.clusterIP) {
      const ip = parseIPv4(spec.clusterIP);
      if (ip !== undefined) {
        if (this.used.has(ip)) throw taken(spec.clusterIP);
        this.used.add(ip);
      }
      return { ...svc, spec: { ...spec, clusterIPs: [spec.clusterIP] } };
    }
    const staticBand = Math.min(256, Math.max(16, Math.floor(this.count / 16)));
    for (let i = staticBand; i < this.count - 1; i++) {
      if (!this.used.has(this.base + i)) {
        this.used.add(this.base + i);
        const ip = formatIPv4(this.base + i);
        return { ...svc, spec: { type: 'ClusterIP', ...spec, clusterIP: ip, clusterIPs: [ip] } };
      }
    }
    return svc;
  }

  release(svc: KubeObject): void {
    const ip = parseIPv4((svc.spec as { clusterIP?: string } | undefined)?.clusterIP ?? '');
    if (ip !== undefined) this.used.delete(ip);
  }
}

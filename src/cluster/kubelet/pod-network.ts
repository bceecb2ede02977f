import { calicoBlocksFile, cniConfDir, cniPluginType, flannelSubnetEnv } from '../images/cni-files.js';
import { type Cidr, formatIPv4, parseCidr, parseIPv4, size } from '../net/cidr.js';
import type { NodeHost } from './node-host.js';

export const networkNotReadyMessage =
  'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized';

/** An address range of a CNI plugin's IPAM: [first, last] usable addresses. */
interface Range {
  first: number;
  last: number;
}

/**
 * The node's pod network as the container runtime sees it: ready once a CNI config exists in /etc/cni/net.d
 * (the first by name, as libcni picks it), with pod IPs handed out from that plugin's ranges — Flannel's subnet
 * from subnet.env, Calico's /26 block, host-local's configured subnet, or the node's podCIDR.
 */
export class PodNetwork {
  plugin?: string;
  private ranges: Range[] = [];
  private readonly byPod = new Map<string, number>();
  private readonly used = new Set<number>();

  constructor(private readonly host: NodeHost) {}

  get ready(): boolean {
    return this.plugin !== undefined;
  }

  /** Re-reads the CNI config; returns true when readiness or the plugin changed. */
  async refresh(podCidr: string | undefined): Promise<boolean> {
    const before = `${this.plugin}|${JSON.stringify(this.ranges)}`;
    const files = (await this.host.listDir(cniConfDir)).filter((f) => /\.(conf|conflist|json)$/.test(f));
    let plugin: string | undefined;
    let ranges: Range[] = [];
    for (const f of files) {
      const conf = cniPluginType((await this.host.readFile(`${cniConfDir}/${f}`)) ?? '');
      if (!conf) continue;
      plugin = conf.type;
      ranges = await this.rangesFor(conf, podCidr);
      break;
    }
    this.plugin = plugin;
    this.ranges = ranges;
    return before !== `${this.plugin}|${JSON.stringify(this.ranges)}`;
  }

  private async rangesFor(
    conf: { type: string; ipam?: Record<string, unknown> },
    podCidr: string | undefined,
  ): Promise<Range[]> {
    const hostRange = (c: Cidr | undefined, skipGateway: boolean): Range[] =>
      c ? [{ first: c.base + (skipGateway ? 2 : 1), last: c.base + size(c) - 2 }] : [];
    if (conf.type === 'flannel') {
      const env = (await this.host.readFile(flannelSubnetEnv)) ?? '';
      const m = /^FLANNEL_SUBNET=(\S+)$/m.exec(env);
      return hostRange(m ? parseCidr(m[1] as string) : undefined, true);
    }
    if (conf.type === 'calico') {
      const text = (await this.host.readFile(calicoBlocksFile)) ?? '';
      return text
        .split('\n')
        .map((l) => parseCidr(l))
        .filter((c): c is Cidr => c !== undefined)
        .map((c) => ({ first: c.base + 1, last: c.base + size(c) - 1 }));
    }
    const ipam = conf.ipam ?? {};
    const subnet =
      typeof ipam.subnet === 'string'
        ? ipam.subnet
        : ((ipam.ranges as { subnet?: string }[][] | undefined)?.[0]?.[0]?.subnet ?? podCidr);
    return hostRange(
      subnet ? parseCidr(subnet === 'usePodCidr' ? (podCidr ?? '') : subnet) : undefined,
      true,
    );
  }

  /** The pod's IP (the same one again for the same pod), or undefined when the ranges are exhausted. */
  allocate(podUid: string): string | undefined {
    const have = this.byPod.get(podUid);
    if (have !== undefined) return formatIPv4(have);
    for (const r of this.ranges) {
      for (let ip = r.first; ip <= r.last; ip++) {
        if (!this.used.has(ip)) {
          this.used.add(ip);
          this.byPod.set(podUid, ip);
          return formatIPv4(ip);
        }
      }
    }
    return undefined;
  }

  /** Records an IP a pod already has (after a kubelet restart). */
  adopt(podUid: string, ip: string): void {
    const n = parseIPv4(ip);
    if (n === undefined) return;
    this.used.add(n);
    this.byPod.set(podUid, n);
  }

  release(podUid: string): void {
    const ip = this.byPod.get(podUid);
    if (ip === undefined) return;
    this.byPod.delete(podUid);
    this.used.delete(ip);
  }

  allocationError(): string {
    return `failed to setup network for sandbox: plugin type="${this.plugin}" failed (add): failed to allocate for range 0: no IP addresses available in range set`;
  }
}

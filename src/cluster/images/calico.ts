import type { KubeClient } from '../client/kube-client.js';
import { type Cidr, cidrContains, formatCidr, nthSubnet, parseCidr, subnetCount } from '../net/cidr.js';
import type { KubeObject } from '../objects/index.js';
import { isApiError } from '../store/api-error.js';
import { envValue, type ImageBehaviour } from './behaviour.js';
import { calicoBlocksFile, calicoConflist, cniConfDir } from './cni-files.js';

export const calicoDefaultPool = '192.168.0.0/16';
export const calicoBlockSize = 26;

/** The pool calico-node uses: the existing default IPPool, else CALICO_IPV4POOL_CIDR, else 192.168.0.0/16. */
async function ensurePool(client: KubeClient, envCidr: string | undefined): Promise<Cidr> {
  try {
    const pool = await client.get('IPPool', 'default-ipv4-ippool');
    const c = parseCidr(String((pool.spec as { cidr?: string } | undefined)?.cidr ?? ''));
    if (c) return c;
  } catch (e) {
    if (!isApiError(e, 'NotFound')) throw e;
  }
  const cidr = envCidr && parseCidr(envCidr) ? envCidr : calicoDefaultPool;
  try {
    await client.create({
      apiVersion: 'crd.projectcalico.org/v1',
      kind: 'IPPool',
      metadata: { name: 'default-ipv4-ippool' },
      spec: {
        cidr,
        blockSize: calicoBlockSize,
        ipipMode: 'Always',
        natOutgoing: true,
        nodeSelector: 'all()',
      },
    });
  } catch (e) {
    if (!isApiError(e, 'AlreadyExists')) throw e;
  }
  return parseCidr(cidr) as Cidr;
}

const blockName = (block: Cidr) => formatCidr(block).replace(/[./]/g, '-');

/**
 * Claims a /26 block for the node as Calico's IPAM does: the IPAMBlock object named after the CIDR is the lock
 * (creating it twice fails, so a lost race retries with the next block), and a BlockAffinity ties it to the node.
 * A node that already holds a block inside the pool keeps it.
 */
export async function claimBlock(
  client: KubeClient,
  nodeName: string,
  pool: Cidr,
): Promise<Cidr | undefined> {
  const count = subnetCount(pool, calicoBlockSize);
  for (let attempt = 0; attempt < 16; attempt++) {
    const { items } = await client.list('IPAMBlock');
    const taken = new Set<number>();
    for (const b of items as KubeObject[]) {
      const spec = b.spec as { affinity?: string; cidr?: string } | undefined;
      const c = parseCidr(spec?.cidr ?? '');
      if (!c) continue;
      if (spec?.affinity === `host:${nodeName}` && cidrContains(pool, c)) return c;
      taken.add(c.base);
    }
    let free: Cidr | undefined;
    for (let i = 0; i < count && !free; i++) {
      const b = nthSubnet(pool, calicoBlockSize, i) as Cidr;
      if (!taken.has(b.base)) free = b;
    }
    if (!free) return undefined;
    try {
      await client.create({
        apiVersion: 'crd.projectcalico.org/v1',
        kind: 'IPAMBlock',
        metadata: { name: blockName(free) },
        spec: { cidr: formatCidr(free), affinity: `host:${nodeName}`, strictAffinity: false },
      });
    } catch (e) {
      if (isApiError(e, 'AlreadyExists')) continue;
      throw e;
    }
    await client.create({
      apiVersion: 'crd.projectcalico.org/v1',
      kind: 'BlockAffinity',
      metadata: { name: `${nodeName}-${blockName(free)}` },
      spec: { cidr: formatCidr(free), node: nodeName, state: 'confirmed', deleted: 'false' },
    });
    return free;
  }
  return undefined;
}

/**
 * calico-node: makes sure the default IP pool exists, claims a /26 block for its node (no podCIDR needed),
 * records it for the node's calico-ipam, and writes 10-calico.conflist — which makes the node network-ready.
 */
export const calicoNodeBehaviour: ImageBehaviour = {
  description: 'Calico node: IP pool, a /26 block per node, writes 10-calico.conflist',
  startupMs: 5000,
  async start(ctx) {
    const nodeName = ctx.node.metadata.name;
    const pool = await ensurePool(ctx.client, envValue(ctx.container, 'CALICO_IPV4POOL_CIDR'));
    const block = await claimBlock(ctx.client, nodeName, pool);
    if (!block) {
      return {
        ok: false,
        exitCode: 1,
        message: `no free IPAM blocks in pool ${formatCidr(pool)} for node "${nodeName}"`,
      };
    }
    await ctx.host.writeFile('/var/lib/calico/nodename', nodeName);
    await ctx.host.writeFile(calicoBlocksFile, `${formatCidr(block)}\n`);
    await ctx.host.writeFile(`${cniConfDir}/10-calico.conflist`, calicoConflist(nodeName));
    return { ok: true };
  },
};

/** calico/cni's install container: copies the CNI binaries; the conflist comes from calico-node here. */
export const calicoCniBehaviour: ImageBehaviour = { description: 'Calico CNI installer', startupMs: 1000 };

import { describe, expect, it } from 'vitest';
import { InProcessClient } from '../../../src/cluster/client/in-process-client.js';
import { Kubelet } from '../../../src/cluster/kubelet/kubelet.js';
import { VirtualNodeHost } from '../../../src/cluster/kubelet/node-host.js';
import { networkNotReadyMessage } from '../../../src/cluster/kubelet/pod-network.js';
import type { Node, Pod } from '../../../src/cluster/objects/index.js';
import { FakeClock } from '../../../src/cluster/runtime/clock.js';
import { runFor } from '../../../src/cluster/runtime/run-until-quiet.js';
import { ObjectStore } from '../../../src/cluster/store/object-store.js';

function setup() {
  const clock = new FakeClock();
  const store = new ObjectStore({ clock });
  const client = new InProcessClient(store);
  const kubelets: Kubelet[] = [];
  const addNode = async (name: string, ip: string) => {
    const k = new Kubelet(client, clock, new VirtualNodeHost(name), { nodeName: name, ip });
    kubelets.push(k);
    await k.start();
    return k;
  };
  const run = (ms: number) => runFor(clock, kubelets, ms);
  return { clock, store, client, addNode, run };
}

const pod = (name: string, nodeName: string, extra: Partial<Pod['spec']> = {}, image = 'nginx'): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: { nodeName, containers: [{ name: 'main', image }], ...extra },
});

const ready = (n: Node) => n.status?.conditions?.find((c) => c.type === 'Ready');

describe('kubelet', () => {
  it('registers NotReady without a CNI config and keeps pod networking pending', async () => {
    const { client, addNode, run } = setup();
    await addNode('n1', '198.18.0.11');
    await client.create(pod('web', 'n1'));
    await client.create(pod('hostnet', 'n1', { hostNetwork: true }));
    await run(30_000);
    const node = await client.get('Node', 'n1');
    expect(ready(node)).toMatchObject({
      status: 'False',
      reason: 'KubeletNotReady',
      message: networkNotReadyMessage,
    });
    expect(node.spec.taints).toContainEqual({ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' });
    const web = await client.get('Pod', 'web', 'default');
    expect(web.status?.phase).toBe('Pending');
    expect(web.status?.containerStatuses?.[0]?.state?.waiting).toEqual({
      reason: 'ContainerCreating',
      message: `network is not ready: ${networkNotReadyMessage}`,
    });
    const hostnet = await client.get('Pod', 'hostnet', 'default');
    expect(hostnet.status).toMatchObject({ phase: 'Running', podIP: '198.18.0.11', hostIP: '198.18.0.11' });
    const lease = await client.get('Lease', 'n1', 'kube-node-lease');
    expect(lease.spec.renewTime).toBe('2025-01-01T00:00:30.000000Z');
  });

  it('turns Ready once a CNI config appears and hands out pod IPs from its range', async () => {
    const { client, addNode, run } = setup();
    const k = await addNode('n1', '198.18.0.11');
    await client.create(pod('web', 'n1'));
    await run(5000);
    await k.host.writeFile(
      '/etc/cni/net.d/10-bridge.conf',
      JSON.stringify({
        cniVersion: '0.4.0',
        name: 'b',
        type: 'bridge',
        ipam: { type: 'host-local', subnet: '10.85.0.0/16' },
      }),
    );
    await run(10_000);
    expect(ready(await client.get('Node', 'n1'))?.status).toBe('True');
    const web = await client.get('Pod', 'web', 'default');
    expect(web.status).toMatchObject({ phase: 'Running', podIP: '10.85.0.2' });
    expect(web.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
  });

  it('crash-loops Flannel with "pod cidr not assigned" when the node has no podCIDR', async () => {
    const { client, addNode, run } = setup();
    await addNode('n1', '198.18.0.11');
    await client.create(pod('flannel', 'n1', { hostNetwork: true }, 'ghcr.io/flannel-io/flannel:v0.28.0'));
    await run(60_000);
    const p = await client.get('Pod', 'flannel', 'default');
    const cs = p.status?.containerStatuses?.[0];
    expect(cs?.state?.waiting?.reason).toBe('CrashLoopBackOff');
    expect(cs?.lastState?.terminated?.message).toContain('pod cidr not assigned');
    expect(cs?.restartCount).toBeGreaterThanOrEqual(2);
    expect(ready(await client.get('Node', 'n1'))?.status).toBe('False');
  });

  it('runs Flannel once the node has a podCIDR, then pods get IPs from it', async () => {
    const { client, addNode, run } = setup();
    const k = await addNode('n1', '198.18.0.11');
    await client.patch('Node', 'n1', undefined, {
      spec: { podCIDR: '10.244.3.0/24', podCIDRs: ['10.244.3.0/24'] },
    });
    await client.create(pod('flannel', 'n1', { hostNetwork: true }, 'docker.io/flannel/flannel:v0.28.0'));
    await client.create(pod('web', 'n1'));
    await run(20_000);
    expect(await k.host.readFile('/run/flannel/subnet.env')).toContain('FLANNEL_SUBNET=10.244.3.1/24');
    expect(ready(await client.get('Node', 'n1'))?.status).toBe('True');
    expect((await client.get('Pod', 'web', 'default')).status?.podIP).toBe('10.244.3.2');
  });

  it('gives every Calico node its own /26 block', async () => {
    const { client, addNode, run } = setup();
    for (const [i, n] of ['n1', 'n2', 'n3'].entries()) {
      await addNode(n, `198.18.0.${11 + i}`);
      const calico = pod(`calico-${n}`, n, { hostNetwork: true }, 'quay.io/calico/node:v3.30.3');
      calico.spec.containers[0] = {
        ...calico.spec.containers[0],
        name: 'calico-node',
        image: 'quay.io/calico/node:v3.30.3',
        env: [{ name: 'CALICO_IPV4POOL_CIDR', value: '10.10.0.0/16' }],
      };
      await client.create(calico);
      await client.create(pod(`web-${n}`, n));
    }
    await run(30_000);
    const blocks = (await client.list('BlockAffinity')).items.map(
      (b) => b.spec as { cidr: string; node: string },
    );
    expect(blocks.map((b) => b.cidr).sort()).toEqual(['10.10.0.0/26', '10.10.0.128/26', '10.10.0.64/26']);
    const ips = [];
    for (const n of ['n1', 'n2', 'n3']) {
      const p = await client.get('Pod', `web-${n}`, 'default');
      const block = blocks.find((b) => b.node === n)?.cidr as string;
      expect(p.status?.podIP?.startsWith(block.split('.').slice(0, 3).join('.'))).toBe(true);
      ips.push(p.status?.podIP);
    }
    expect(new Set(ips).size).toBe(3);
  });

  it('OOM-kills a container over its memory limit and throttles one over its CPU limit', async () => {
    const { client, addNode, run } = setup();
    const k = await addNode('n1', '198.18.0.11');
    const mem = pod('mem', 'n1', { hostNetwork: true });
    mem.spec.containers[0] = {
      name: 'stress',
      image: 'polinux/stress',
      command: ['stress'],
      args: ['--vm', '1', '--vm-bytes', '150M'],
      resources: { limits: { memory: '100Mi' } },
    };
    const cpu = pod('cpu', 'n1', { hostNetwork: true });
    cpu.spec.containers[0] = {
      name: 'stress',
      image: 'vish/stress',
      args: ['-cpus', '2'],
      resources: { limits: { cpu: '1' } },
    };
    await client.create(mem);
    await client.create(cpu);
    await run(60_000);
    const m = await client.get('Pod', 'mem', 'default');
    expect(m.status?.containerStatuses?.[0]?.lastState?.terminated).toMatchObject({
      reason: 'OOMKilled',
      exitCode: 137,
    });
    expect(m.status?.containerStatuses?.[0]?.state?.waiting?.reason).toBe('CrashLoopBackOff');
    const c = await client.get('Pod', 'cpu', 'default');
    expect(c.status?.phase).toBe('Running');
    expect(k.containerStats(c)).toEqual([
      { name: 'stress', cpuMilli: 1000, memoryBytes: undefined, throttled: true },
    ]);
  });

  it('runs static pods and posts their mirror pods', async () => {
    const { client, addNode, run } = setup();
    const k = await addNode('cp1', '198.18.0.11');
    await k.host.writeFile(
      '/etc/kubernetes/manifests/etcd.yaml',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: etcd\n  namespace: kube-system\nspec:\n  hostNetwork: true\n  containers:\n  - name: etcd\n    image: registry.k8s.io/etcd:3.5.15-0\n',
    );
    await k.hostChanged();
    await run(10_000);
    const etcd = await client.get('Pod', 'etcd-cp1', 'kube-system');
    expect(etcd.metadata.annotations?.['kubernetes.io/config.mirror']).toBeDefined();
    expect(etcd.status).toMatchObject({ phase: 'Running', podIP: '198.18.0.11' });
    await k.host.removeFile('/etc/kubernetes/manifests/etcd.yaml');
    await k.hostChanged();
    await run(1000);
    await expect(client.get('Pod', 'etcd-cp1', 'kube-system')).rejects.toThrow('not found');
  });

  it('finishes graceful deletion of its pods', async () => {
    const { client, store, addNode, run } = setup();
    await addNode('n1', '198.18.0.11');
    await client.create(pod('web', 'n1', { hostNetwork: true }));
    await run(5000);
    await client.delete('Pod', 'web', 'default');
    await run(100);
    expect(store.get('Pod', 'web', 'default')).toBeUndefined();
  });
});

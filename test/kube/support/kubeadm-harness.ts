import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InProcessClient } from '../../../src/cluster/client/in-process-client.js';
import type { KubeClient } from '../../../src/cluster/client/kube-client.js';
import type { Node } from '../../../src/cluster/objects/index.js';
import { FakeClock } from '../../../src/cluster/runtime/clock.js';
import { ObjectStore } from '../../../src/cluster/store/object-store.js';
import { runKubeadm } from '../../../src/kube/kubeadm/cli.js';
import type { KubeadmDeps } from '../../../src/kube/kubeadm/deps.js';
import type { EtcdMember, EtcdMembers } from '../../../src/kube/kubeadm/etcd-members.js';
import { RootedFs } from '../../../src/kube/kubeadm/host-fs.js';

/** One etcd cluster shared by the hosts of a test, recording calls. */
export class FakeEtcd implements EtcdMembers {
  members: EtcdMember[] = [];
  endpointsSeen: string[][] = [];
  private seq = 1;
  add = async (name: string, peerUrl: string) => {
    this.members.push({ id: `m${this.seq++}`, name, peerUrls: [peerUrl], clientUrls: [] });
    return this.members;
  };
  list = async () => this.members;
  remove = async (id: string) => {
    this.members = this.members.filter((m) => m.id !== id);
  };
}

/** A simulated cluster (store + clock) that several hosts' kubeadm runs talk to. */
export class TestCluster {
  readonly clock = new FakeClock(Date.UTC(2026, 0, 1));
  readonly store = new ObjectStore({ clock: this.clock });
  readonly client: KubeClient = new InProcessClient(this.store);
  readonly etcd = new FakeEtcd();

  /** What the kubelet does on registration: the Node object with its address. */
  registerNode(name: string, ip: string): void {
    const node: Node = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, labels: { 'kubernetes.io/hostname': name } },
      spec: {},
      status: { addresses: [{ type: 'InternalIP', address: ip }] },
    };
    this.store.create(node);
  }
}

export interface TestHost {
  root: string;
  deps: KubeadmDeps;
  out: string[];
  err: string[];
  busyPorts: Set<number>;
  run(...argv: string[]): Promise<number>;
  cleanup(): void;
}

export function testHost(cluster: TestCluster, opts: { name: string; ip: string; root?: boolean }): TestHost {
  const root = mkdtempSync(join(tmpdir(), `kubeadm-${opts.name}-`));
  mkdirSync(join(root, 'proc/sys/net/ipv4'), { recursive: true });
  writeFileSync(join(root, 'proc/sys/net/ipv4/ip_forward'), '1\n');
  const out: string[] = [];
  const err: string[] = [];
  const busyPorts = new Set<number>();
  const fs = new RootedFs(root);
  const connect = async (path: string) => {
    if (!(await fs.exists(path))) throw new Error(`open ${path}: no such file or directory`);
    return cluster.client;
  };
  const deps: KubeadmDeps = {
    fs,
    host: {
      isRoot: () => opts.root ?? true,
      portInUse: async (p) => busyPorts.has(p),
      hostname: () => opts.name,
      defaultAddress: () => opts.ip,
      restartKubelet: async () => {},
      stopKubelet: async () => {},
    },
    now: () => cluster.clock.now(),
    sleep: async (ms) => {
      cluster.clock.advance(ms);
    },
    connect,
    connectInsecure: async () => cluster.client,
    etcd: (conn) => {
      cluster.etcd.endpointsSeen.push(conn.endpoints);
      return cluster.etcd;
    },
    version: '1.31.2',
    stdout: (l) => out.push(l),
    stderr: (l) => err.push(l),
  };
  return {
    root,
    deps,
    out,
    err,
    busyPorts,
    run: (...argv) => runKubeadm(deps, argv),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** stdout as one text. */
export const text = (lines: readonly string[]): string => lines.join('\n');

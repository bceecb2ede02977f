import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { renderRoleTemplate } from './render-role-template.js';

type Doc = Record<string, unknown> & { kind?: string; metadata?: { name?: string; namespace?: string } };

function documents(text: string): Doc[] {
  const docs = parseAllDocuments(text);
  for (const d of docs) expect(d.errors, String(d.errors[0])).toEqual([]);
  return docs.map((d) => d.toJS() as Doc).filter((d) => d !== null);
}

const byKind = (docs: Doc[], kind: string) => docs.filter((d) => d.kind === kind);
const one = (docs: Doc[], kind: string) => {
  const found = byKind(docs, kind);
  expect(found, `one ${kind}`).toHaveLength(1);
  return found[0]!;
};

describe('kubeadm configuration (control-plane role)', () => {
  it('single node: advertise address, node name, CRI socket, pod and service subnets, systemd cgroups', async () => {
    const text = await renderRoleTemplate({
      role: 'control-plane',
      template: 'kubeadm-config.yaml.hbs',
      host: 'cp1',
      inventory: { controlPlanes: 1, workers: 0 },
    });
    const docs = documents(text);
    const init = one(docs, 'InitConfiguration');
    expect(init.apiVersion).toBe('kubeadm.k8s.io/v1beta4');
    expect(init.localAPIEndpoint).toEqual({ advertiseAddress: '198.18.0.11', bindPort: 6443 });
    expect(init.nodeRegistration).toEqual({
      name: 'cp1',
      criSocket: 'unix:///var/run/containerd/containerd.sock',
      taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }],
    });
    const cluster = one(docs, 'ClusterConfiguration');
    expect(cluster.kubernetesVersion).toBe('v1.31.4');
    expect(cluster.controlPlaneEndpoint).toBeUndefined();
    expect(cluster.networking).toEqual({
      podSubnet: '192.168.0.0/16',
      serviceSubnet: '10.96.0.0/12',
      dnsDomain: 'cluster.local',
    });
    expect(one(docs, 'KubeletConfiguration').cgroupDriver).toBe('systemd');
  });

  it('flannel defaults the pod subnet to 10.244.0.0/16; control_plane_taint remove registers no taint', async () => {
    const docs = documents(
      await renderRoleTemplate({
        role: 'control-plane',
        template: 'kubeadm-config.yaml.hbs',
        host: 'cp1',
        inventory: { controlPlanes: 1, workers: 0 },
        vars: { cni: 'flannel', control_plane_taint: 'remove', kube_version: '1.33.1' },
      }),
    );
    expect(one(docs, 'ClusterConfiguration').networking).toMatchObject({ podSubnet: '10.244.0.0/16' });
    expect(one(docs, 'ClusterConfiguration').kubernetesVersion).toBe('v1.33.1');
    expect((one(docs, 'InitConfiguration').nodeRegistration as { taints: unknown }).taints).toEqual([]);
  });

  it('HA: controlPlaneEndpoint is the balancer', async () => {
    const docs = documents(
      await renderRoleTemplate({
        role: 'control-plane',
        template: 'kubeadm-config.yaml.hbs',
        host: 'cp1',
        inventory: { controlPlanes: 3, workers: 2, lb: true },
        vars: { control_plane_endpoint: '198.18.0.30:6443', cluster_name: 'prod' },
      }),
    );
    const cluster = one(docs, 'ClusterConfiguration');
    expect(cluster.controlPlaneEndpoint).toBe('198.18.0.30:6443');
    expect(cluster.clusterName).toBe('prod');
  });

  it('pod_network_cidr "" leaves podSubnet out entirely', async () => {
    const text = await renderRoleTemplate({
      role: 'control-plane',
      template: 'kubeadm-config.yaml.hbs',
      host: 'cp1',
      inventory: { controlPlanes: 1, workers: 1 },
      vars: { cni: 'flannel', pod_network_cidr: '', service_cidr: '10.32.0.0/16' },
    });
    expect(text).not.toMatch(/podSubnet/);
    expect(one(documents(text), 'ClusterConfiguration').networking).toEqual({
      serviceSubnet: '10.32.0.0/16',
      dnsDomain: 'cluster.local',
    });
  });

  it('an inventory kube_advertise_address wins over ansible_host', async () => {
    const docs = documents(
      await renderRoleTemplate({
        role: 'control-plane',
        template: 'kubeadm-config.yaml.hbs',
        host: 'cp1',
        inventory: { controlPlanes: 1, workers: 0, hostVars: { cp1: 'kube_advertise_address=10.1.2.3' } },
      }),
    );
    expect(one(docs, 'InitConfiguration').localAPIEndpoint).toMatchObject({ advertiseAddress: '10.1.2.3' });
  });
});

describe('haproxy.cfg (loadbalancer role)', () => {
  it('one health-checked TCP backend per control plane on 6443', async () => {
    const text = await renderRoleTemplate({
      role: 'loadbalancer',
      template: 'haproxy.cfg.hbs',
      host: 'lb1',
      inventory: {
        controlPlanes: 3,
        workers: 1,
        lb: true,
        hostVars: { cp3: 'kube_advertise_address=10.9.9.9' },
      },
    });
    expect(text).toMatch(/^frontend kube-apiserver\n {4}bind \*:6443\n/m);
    expect(text).toMatch(/^ {4}mode tcp$/m);
    expect(text).toMatch(/^ {4}option tcp-check$/m);
    const servers = text.split('\n').filter((l) => l.trim().startsWith('server '));
    expect(servers.map((l) => l.trim())).toEqual([
      'server cp1 198.18.0.11:6443 check',
      'server cp2 198.18.0.12:6443 check',
      'server cp3 10.9.9.9:6443 check',
    ]);
  });
});

describe('containerd config.toml (containerd role)', () => {
  it('is a version 2 config with runc on the systemd cgroup driver', async () => {
    const text = await renderRoleTemplate({
      role: 'containerd',
      template: 'config.toml.hbs',
      host: 'w1',
      inventory: { controlPlanes: 1, workers: 1 },
    });
    expect(text).toMatch(/^version = 2$/m);
    const sections = [...text.matchAll(/^\s*\[([^\]]+)\]$/gm)].map((m) => m[1]);
    expect(sections).toContain('plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options');
    const options = text.slice(text.indexOf('runtimes.runc.options]'));
    expect(options).toMatch(/^\s*SystemdCgroup = true$/m);
    expect(text).toMatch(/runtime_type = "io\.containerd\.runc\.v2"/);
    expect(text).toMatch(/sandbox_image = "registry\.k8s\.io\/pause:3\.10"/);
  });
});

interface Container {
  name: string;
  image: string;
  env?: { name: string; value?: string }[];
}
interface Workload extends Doc {
  spec: {
    template: { spec: { containers: Container[]; initContainers?: Container[]; tolerations?: unknown[] } };
  };
}

describe('Calico manifest for lab hosts (cni-calico role)', () => {
  const render = (vars: Record<string, unknown> = {}) =>
    renderRoleTemplate({
      role: 'cni-calico',
      template: 'calico.yaml.hbs',
      host: 'cp1',
      inventory: { controlPlanes: 1, workers: 2 },
      vars: { kube_package_source: 'lab', lab_repo_url: 'http://198.18.0.1:8080/', ...vars },
    });

  it('declares calico-node in kube-system with the pool CIDR, its accounts, RBAC, ConfigMap and CRDs', async () => {
    const docs = documents(await render({ pod_network_cidr: '10.200.0.0/16' }));
    const ds = byKind(docs, 'DaemonSet') as Workload[];
    expect(ds.map((d) => [d.metadata?.namespace, d.metadata?.name])).toEqual([
      ['kube-system', 'calico-node'],
    ]);
    const node = ds[0]!.spec.template.spec.containers.find((c) => c.name === 'calico-node')!;
    expect(node.image).toMatch(/^docker\.io\/calico\/node:v3\.3\d\.\d+$/);
    expect(node.env).toContainEqual({ name: 'CALICO_IPV4POOL_CIDR', value: '10.200.0.0/16' });
    expect(node.env).toContainEqual({ name: 'DATASTORE_TYPE', value: 'kubernetes' });
    // Only calico/cni init containers: a calico/node one would act before the pool CIDR is known.
    for (const c of ds[0]!.spec.template.spec.initContainers ?? []) expect(c.image).toMatch(/calico\/cni:/);
    expect(
      byKind(docs, 'ServiceAccount')
        .map((d) => d.metadata?.name)
        .sort(),
    ).toEqual(['calico-cni-plugin', 'calico-kube-controllers', 'calico-node']);
    for (const kind of ['ClusterRole', 'ClusterRoleBinding'])
      expect(byKind(docs, kind).map((d) => d.metadata?.name)).toContain('calico-node');
    const cm = one(docs, 'ConfigMap') as Doc & { data: Record<string, string> };
    expect(cm.metadata).toEqual({ name: 'calico-config', namespace: 'kube-system' });
    expect(Object.keys(cm.data).sort()).toEqual([
      'calico_backend',
      'cni_network_config',
      'typha_service_name',
      'veth_mtu',
    ]);
    expect(byKind(docs, 'CustomResourceDefinition').map((d) => d.metadata?.name)).toEqual([
      'ippools.crd.projectcalico.org',
      'ipamblocks.crd.projectcalico.org',
      'blockaffinities.crd.projectcalico.org',
    ]);
    const controllers = one(docs, 'Deployment') as Workload;
    expect(controllers.metadata?.name).toBe('calico-kube-controllers');
    expect(controllers.spec.template.spec.containers[0]!.image).toMatch(
      /^docker\.io\/calico\/kube-controllers:/,
    );
  });

  it('the default calico pool is 192.168.0.0/16; without a pod CIDR the env is left out', async () => {
    const withDefault = documents(await render());
    const envOf = (docs: Doc[]) =>
      (byKind(docs, 'DaemonSet') as Workload[])[0]!.spec.template.spec.containers[0]!.env ?? [];
    expect(envOf(withDefault)).toContainEqual({ name: 'CALICO_IPV4POOL_CIDR', value: '192.168.0.0/16' });
    const none = documents(await render({ pod_network_cidr: '', calico_lab_crds: false }));
    expect(envOf(none).map((e) => e.name)).not.toContain('CALICO_IPV4POOL_CIDR');
    expect(byKind(none, 'CustomResourceDefinition')).toEqual([]);
  });
});

describe('Flannel manifest for lab hosts (cni-flannel role)', () => {
  const render = (vars: Record<string, unknown> = {}) =>
    renderRoleTemplate({
      role: 'cni-flannel',
      template: 'kube-flannel.yml.hbs',
      host: 'cp1',
      inventory: { controlPlanes: 1, workers: 2 },
      vars: { cni: 'flannel', kube_package_source: 'lab', lab_repo_url: 'http://198.18.0.1:8080/', ...vars },
    });

  it('declares kube-flannel-ds in kube-flannel with net-conf.json Network = the pod CIDR', async () => {
    const docs = documents(await render({ pod_network_cidr: '10.50.0.0/16' }));
    expect(one(docs, 'Namespace').metadata?.name).toBe('kube-flannel');
    expect(one(docs, 'ServiceAccount').metadata).toMatchObject({
      name: 'flannel',
      namespace: 'kube-flannel',
    });
    expect(one(docs, 'ClusterRole').metadata?.name).toBe('flannel');
    expect(one(docs, 'ClusterRoleBinding').metadata?.name).toBe('flannel');
    const cm = one(docs, 'ConfigMap') as Doc & { data: Record<string, string> };
    expect(cm.metadata).toMatchObject({ name: 'kube-flannel-cfg', namespace: 'kube-flannel' });
    const netConf = JSON.parse(cm.data['net-conf.json']!) as { Network: string; Backend: { Type: string } };
    expect(netConf).toMatchObject({ Network: '10.50.0.0/16', Backend: { Type: 'vxlan' } });
    expect(JSON.parse(cm.data['cni-conf.json']!).plugins[0].type).toBe('flannel');
    const ds = one(docs, 'DaemonSet') as Workload;
    expect(ds.metadata).toMatchObject({ name: 'kube-flannel-ds', namespace: 'kube-flannel' });
    const main = ds.spec.template.spec.containers[0]!;
    expect(main.image).toMatch(/^ghcr\.io\/flannel-io\/flannel:v0\.28\.\d+$/);
    expect(ds.spec.template.spec.initContainers!.map((c) => c.name)).toEqual([
      'install-cni-plugin',
      'install-cni',
    ]);
  });

  it('keeps the default network in net-conf.json when no pod CIDR is given', async () => {
    const docs = documents(await render({ pod_network_cidr: '' }));
    const cm = one(docs, 'ConfigMap') as Doc & { data: Record<string, string> };
    expect(JSON.parse(cm.data['net-conf.json']!).Network).toBe('10.244.0.0/16');
  });
});

import { LabError } from '../errors/index.js';
import {
  bridgeAddress,
  bridgeName,
  firstFreeSubnet,
  type LabAddressing,
  subnetIndexOf,
} from './addresses.js';
import { mustRun, runCommand } from './run-command.js';

/**
 * The lab network, all through iproute2: one bridge per lab with the .1 address, and per host a network
 * namespace holding the inner end of a veth pair (named host0, as systemd-nspawn names it), configured from the
 * outside. The namespace outlives a stopped host, so `lab start` finds its address and route in place. Nothing
 * here touches the machine's other interfaces, routes, firewall or sysctls.
 */

/** Subnet indexes already used on this machine: addresses in 198.18/15 or bridges named like ours. */
export async function subnetsInUse(): Promise<Set<number>> {
  const inUse = new Set<number>();
  const addrs = JSON.parse(await mustRun('ip', ['-j', '-4', 'addr', 'show'])) as Array<{
    ifname?: string;
    addr_info?: Array<{ local?: string }>;
  }>;
  for (const link of addrs) {
    const named = /^prvlab(\d+)$/.exec(link.ifname ?? '');
    if (named?.[1]) inUse.add(Number(named[1]));
    for (const a of link.addr_info ?? []) {
      const idx = a.local ? subnetIndexOf(a.local) : undefined;
      if (idx !== undefined) inUse.add(idx);
    }
  }
  return inUse;
}

/**
 * Creates the bridge on the first free subnet. `ip link add` fails if another lab took the name meanwhile, so
 * two labs starting at once each end up with their own subnet.
 */
export async function createLabBridge(): Promise<LabAddressing> {
  const inUse = await subnetsInUse();
  for (let attempt = 0; attempt < 16; attempt++) {
    const subnetIndex = firstFreeSubnet(inUse);
    if (subnetIndex === undefined) break;
    const a = { subnetIndex };
    const added = await runCommand('ip', ['link', 'add', bridgeName(a), 'type', 'bridge']);
    if (added.rc !== 0) {
      inUse.add(subnetIndex);
      continue;
    }
    await mustRun('ip', ['addr', 'add', `${bridgeAddress(a)}/24`, 'dev', bridgeName(a)]);
    await mustRun('ip', ['link', 'set', bridgeName(a), 'up']);
    return a;
  }
  throw new LabError({ code: 'PRV609', message: 'no free 198.18.0.0/15 subnet for the lab bridge' });
}

export interface HostNetwork {
  netns: string;
  veth: string;
  address: string;
}

export async function createHostNetwork(bridge: string, gateway: string, host: HostNetwork): Promise<void> {
  await mustRun('ip', ['netns', 'add', host.netns]);
  await mustRun('ip', [
    'link',
    'add',
    host.veth,
    'type',
    'veth',
    'peer',
    'name',
    'host0',
    'netns',
    host.netns,
  ]);
  await mustRun('ip', ['link', 'set', host.veth, 'master', bridge, 'up']);
  await mustRun('ip', ['-n', host.netns, 'link', 'set', 'lo', 'up']);
  await mustRun('ip', ['-n', host.netns, 'addr', 'add', `${host.address}/24`, 'dev', 'host0']);
  await mustRun('ip', ['-n', host.netns, 'link', 'set', 'host0', 'up']);
  await mustRun('ip', ['-n', host.netns, 'route', 'add', 'default', 'via', gateway]);
}

/** Removing the namespace destroys host0 and with it the veth's outer end; both are removed if still there. */
export async function removeHostNetwork(host: HostNetwork): Promise<void> {
  if (await netnsExists(host.netns)) await mustRun('ip', ['netns', 'del', host.netns]);
  await removeLink(host.veth);
}

export async function removeBridge(bridge: string): Promise<void> {
  await removeLink(bridge);
}

/**
 * Deletes a link if it exists. The kernel tears a veth pair down asynchronously after its namespace is deleted, so
 * the link can vanish between the check and the delete: a failed delete of a link that is gone counts as done.
 */
export async function removeLink(name: string): Promise<void> {
  if (!(await linkExists(name))) return;
  const r = await runCommand('ip', ['link', 'del', name]);
  if (r.rc !== 0 && (await linkExists(name))) await mustRun('ip', ['link', 'del', name]);
}

export async function linkExists(name: string): Promise<boolean> {
  return (await runCommand('ip', ['link', 'show', 'dev', name])).rc === 0;
}

export async function netnsExists(name: string): Promise<boolean> {
  const out = await mustRun('ip', ['netns', 'list']);
  return out.split('\n').some((line) => line.split(' ')[0] === name);
}

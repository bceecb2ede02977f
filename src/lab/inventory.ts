/**
 * The lab's inventory, in the INI form both `provision` and `ansible-playbook` read unchanged: one section per
 * group, addresses per host, and the key and known_hosts file (host keys checked strictly) for all.
 */
export interface InventoryInput {
  hosts: ReadonlyArray<{ name: string; group: string; address: string }>;
  privateKeyPath: string;
  knownHostsPath: string;
}

export function renderInventory(input: InventoryInput): string {
  const groups: string[] = [];
  for (const h of input.hosts) if (!groups.includes(h.group)) groups.push(h.group);
  const out: string[] = ['# Written by `provision lab`; rewritten on `lab up` and `lab add`.'];
  for (const group of groups) {
    out.push('', `[${group}]`);
    for (const h of input.hosts.filter((x) => x.group === group))
      out.push(`${h.name} ansible_host=${h.address}`);
  }
  out.push(
    '',
    '[all:vars]',
    'ansible_user=root',
    `ansible_ssh_private_key_file=${input.privateKeyPath}`,
    `ansible_ssh_common_args='-o UserKnownHostsFile=${input.knownHostsPath} -o StrictHostKeyChecking=yes'`,
    '',
  );
  return out.join('\n');
}

import { LabError } from '../errors/index.js';
import { hostAddress, hostNetnsName, hostVethName, type LabAddressing } from './addresses.js';

/** How many hosts go in which inventory group, in the order the user gave them. */
export type GroupCounts = ReadonlyArray<{ group: string; count: number }>;

export const MAX_LAB_HOSTS = 200;
const GROUP_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `-n N` without `--groups`: one control-plane host, the rest workers. */
export function defaultGroups(n: number): GroupCounts {
  checkCount(n, 'n');
  return n === 1
    ? [{ group: 'control_plane', count: 1 }]
    : [
        { group: 'control_plane', count: 1 },
        { group: 'workers', count: n - 1 },
      ];
}

/** Parses `control_plane=1,workers=2,lb=1`. */
export function parseGroupsSpec(spec: string): GroupCounts {
  const groups: { group: string; count: number }[] = [];
  for (const part of spec.split(',')) {
    const m = /^\s*([^=\s]+)\s*=\s*(\d+)\s*$/.exec(part);
    if (!m?.[1] || !m[2] || !GROUP_NAME.test(m[1])) {
      throw new LabError({ code: 'PRV606', message: `invalid --groups entry "${part}" (want name=count)` });
    }
    if (groups.some((g) => g.group === m[1])) {
      throw new LabError({ code: 'PRV606', message: `group "${m[1]}" given twice in --groups` });
    }
    groups.push({ group: m[1], count: Number(m[2]) });
  }
  const total = groups.reduce((sum, g) => sum + g.count, 0);
  checkCount(total, '--groups total');
  return groups;
}

export function checkGroupName(group: string): void {
  if (!GROUP_NAME.test(group)) {
    throw new LabError({ code: 'PRV606', message: `invalid group name "${group}"` });
  }
}

export function checkCount(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 1 || n > MAX_LAB_HOSTS) {
    throw new LabError({
      code: 'PRV606',
      message: `${what} must be a whole number from 1 to ${MAX_LAB_HOSTS}`,
    });
  }
}

/** One lab host as planned: its names and addresses follow from the lab's subnet and the host's number. */
export interface PlannedHost {
  /** Inventory name, hostname and nspawn machine name: `NAME-hostN`. */
  name: string;
  index: number;
  group: string;
  address: string;
  netns: string;
  veth: string;
}

/** Plans hosts numbered after `firstIndex - 1`, group by group in the order given. */
export function planHosts(
  labName: string,
  addressing: LabAddressing,
  groups: GroupCounts,
  firstIndex: number,
): PlannedHost[] {
  const hosts: PlannedHost[] = [];
  let index = firstIndex;
  for (const { group, count } of groups) {
    for (let i = 0; i < count; i++, index++) {
      if (index > MAX_LAB_HOSTS) {
        throw new LabError({ code: 'PRV606', message: `a lab holds at most ${MAX_LAB_HOSTS} hosts` });
      }
      hosts.push({
        name: `${labName}-host${index}`,
        index,
        group,
        address: hostAddress(addressing, index),
        netns: hostNetnsName(addressing, index),
        veth: hostVethName(addressing, index),
      });
    }
  }
  return hosts;
}

import { taskSelected } from '../engine/index.js';
import type { Inventory } from '../inventory/index.js';
import type { Play, Playbook, PlayNode } from '../playbook/index.js';

function walk(
  nodes: readonly PlayNode[],
  tags: string[],
  visit: (name: string, tags: string[]) => void,
): void {
  for (const n of nodes) {
    const t = [...new Set([...tags, ...n.keywords.tags])];
    if (n.kind === 'block') walk([...n.block, ...n.rescue, ...n.always], t, visit);
    else visit(n.name, t);
  }
}

/** `--list-tasks`: the tasks each play would run with the tag selection, as ansible-playbook prints them. */
export function listTasks(playbooks: Playbook[], only: string[], skip: string[]): string[] {
  const out: string[] = [];
  for (const pb of playbooks) {
    out.push('', `playbook: ${pb.file}`);
    for (const play of pb.plays) {
      out.push(
        '',
        `  play #${pb.plays.indexOf(play) + 1} (${play.hosts}): ${play.name}\tTAGS: [${play.keywords.tags.join(', ')}]`,
        '    tasks:',
      );
      for (const s of play.sections) {
        walk(s.nodes, play.keywords.tags, (name, tags) => {
          if (taskSelected(tags, only, skip)) out.push(`      ${name}\tTAGS: [${tags.join(', ')}]`);
        });
      }
    }
  }
  return out;
}

/** `--list-tags`: every tag used, per play. */
export function listTags(playbooks: Playbook[]): string[] {
  const out: string[] = [];
  for (const pb of playbooks) {
    out.push('', `playbook: ${pb.file}`);
    for (const play of pb.plays) {
      const all = new Set<string>(play.keywords.tags);
      for (const s of play.sections)
        walk(s.nodes, [], (_n, tags) => {
          for (const t of tags) all.add(t);
        });
      out.push(
        '',
        `  play #${pb.plays.indexOf(play) + 1} (${play.hosts}): ${play.name}\tTAGS: [${play.keywords.tags.join(', ')}]`,
        `      TASK TAGS: [${[...all].sort().join(', ')}]`,
      );
    }
  }
  return out;
}

/** `--list-hosts`: the hosts of each play after --limit. */
export function listHosts(playbooks: Playbook[], hostsOf: (play: Play) => string[]): string[] {
  const out: string[] = [];
  for (const pb of playbooks) {
    out.push('', `playbook: ${pb.file}`);
    for (const play of pb.plays) {
      const hosts = hostsOf(play);
      out.push(
        '',
        `  play #${pb.plays.indexOf(play) + 1} (${play.hosts}): ${play.name}\tTAGS: [${play.keywords.tags.join(', ')}]`,
        `    pattern: ['${play.hosts}']`,
        `    hosts (${hosts.length}):`,
      );
      for (const h of hosts) out.push(`      ${h}`);
    }
  }
  return out;
}

export type { Inventory };

import { spawn } from 'node:child_process';
import { Command, Option } from 'commander';
import { LabError } from '../errors/index.js';
import { defaultGroups, type GroupCounts, parseGroupsSpec } from './host-plan.js';
import { labDown } from './lab-down.js';
import { labAdd, labStart, labStatus, labStop, openLab, sshArgs } from './lab-ops.js';
import { labUp } from './lab-up.js';
import { DEFAULT_LAB_NAME, findHost, labFiles } from './state.js';

export interface LabCommandIo {
  /** Directory whose `.provision/lab/` holds the labs; the process's cwd by default. */
  cwd?: () => string;
  /** Where plain-text output goes, one line per call. */
  print?: (line: string) => void;
}

function nameOption(): Option {
  return new Option('--name <name>', 'lab name (state in .provision/lab/NAME)').default(DEFAULT_LAB_NAME);
}

function positiveInt(value: string): number {
  return /^\d+$/.test(value) ? Number(value) : Number.NaN;
}

/** `provision lab …`: real, isolated lab hosts (systemd-nspawn) on this machine. Throws LabError for user errors. */
export function labCommand(io: LabCommandIo = {}): Command {
  const cwd = io.cwd ?? (() => process.cwd());
  const print = io.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const lab = new Command('lab').description('real, isolated lab hosts on this machine (needs root)');
  // So that `lab ssh HOST ls -la` hands `-la` to the remote command rather than parsing it here.
  lab.enablePositionalOptions();

  lab
    .command('up')
    .description('boot lab hosts and write the inventory')
    .addOption(
      new Option('-n, --hosts <n>', 'number of hosts: 1 control_plane, the rest workers').argParser(
        positiveInt,
      ),
    )
    .option('--groups <spec>', 'hosts per group, e.g. control_plane=1,workers=2,lb=1')
    .addOption(nameOption())
    .action(async (o: { hosts?: number; groups?: string; name: string }) => {
      if (o.groups !== undefined && o.hosts !== undefined) {
        throw new LabError({ code: 'PRV606', message: 'give either -n or --groups, not both' });
      }
      const groups: GroupCounts = o.groups ? parseGroupsSpec(o.groups) : defaultGroups(o.hosts ?? 3);
      const r = await labUp({ cwd: cwd(), name: o.name, groups });
      if (r.alreadyUp) print(`lab ${o.name} is already up (${r.state.hosts.length} hosts); nothing changed`);
      else print(`lab ${o.name}: ${r.state.hosts.length} hosts up`);
      print(r.inventoryPath);
    });

  lab
    .command('add')
    .description('add hosts to the running lab')
    .addOption(new Option('-n, --hosts <n>', 'number of hosts to add').argParser(positiveInt).default(1))
    .option('--group <group>', 'inventory group of the new hosts', 'workers')
    .addOption(nameOption())
    .action(async (o: { hosts: number; group: string; name: string }) => {
      const added = await labAdd({ cwd: cwd(), name: o.name, count: o.hosts, group: o.group });
      for (const h of added) print(`added ${h.name} ${h.address} [${h.group}]`);
    });

  lab
    .command('stop <host>')
    .description('stop a lab host (its root and address are kept)')
    .addOption(nameOption())
    .action(async (host: string, o: { name: string }) => {
      const r = await labStop({ cwd: cwd(), name: o.name, host });
      print(r.wasRunning ? `stopped ${host}` : `${host} was not running`);
    });

  lab
    .command('start <host>')
    .description('start a stopped lab host again')
    .addOption(nameOption())
    .action(async (host: string, o: { name: string }) => {
      const r = await labStart({ cwd: cwd(), name: o.name, host });
      print(r.wasRunning ? `${host} is already running` : `started ${host}`);
    });

  lab
    .command('down')
    .description('stop every lab host and remove all the lab created')
    .addOption(nameOption())
    .action(async (o: { name: string }) => {
      const r = await labDown({ cwd: cwd(), name: o.name });
      print(r.found ? `lab ${o.name} is down` : `no lab ${o.name} here; nothing to do`);
    });

  lab
    .command('status')
    .description('list the lab hosts')
    .addOption(nameOption())
    .action(async (o: { name: string }) => {
      const s = await labStatus({ cwd: cwd(), name: o.name });
      print(
        `lab ${o.name}: bridge ${s.state.bridge} ${s.state.bridgeAddress}/24, repository http://${s.state.bridgeAddress}:${s.state.repoPort}/`,
      );
      for (const h of s.hosts) {
        print(`${h.name}\t${h.group}\t${h.address}\t${h.running ? `running (pid ${h.pid})` : 'stopped'}`);
      }
      print(s.inventoryPath);
    });

  lab
    .command('ssh <host> [command...]')
    .description('ssh to a lab host with the lab key and known_hosts (options go before HOST)')
    .option('-u, --user <user>', 'login user', 'root')
    .passThroughOptions()
    .addOption(nameOption())
    .action(async (host: string, command: string[], o: { user: string; name: string }) => {
      const ctx = await openLab({ cwd: cwd(), name: o.name });
      const args = sshArgs(ctx.dir, findHost(ctx.state, host), o.user, command);
      process.exitCode = await new Promise<number>((resolve, reject) => {
        const child = spawn('ssh', args, { stdio: 'inherit' });
        child.on('error', reject);
        child.on('close', (rc) => resolve(rc ?? 255));
      });
    });

  lab
    .command('inventory')
    .description('print the path of the lab inventory')
    .addOption(nameOption())
    .action(async (o: { name: string }) => {
      const ctx = await openLab({ cwd: cwd(), name: o.name });
      print(labFiles.inventory(ctx.dir));
    });

  return lab;
}

import { Command, Option } from 'commander';
import { inventoryCommand } from './inventory-command.js';
import type { Output } from './output.js';
import { type RunFlags, runCommand } from './run-command.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];
const increase = (_v: string, previous = 0) => previous + 1;

/** Every subcommand registers here; each action resolves to an exit code through `setExit`. */
export function buildProgram(out: Output, setExit: (code: number) => void, extra: Command[] = []): Command {
  const program = new Command('provision')
    .description(
      'Agentless provisioning and kubeadm cluster bootstrap over SSH — Ansible-shaped, fast, honest in --check',
    )
    .version('0.1.0')
    .showHelpAfterError()
    .configureOutput({ writeOut: (s) => out.line(s.trimEnd()), writeErr: (s) => out.error(s.trimEnd()) })
    .exitOverride();

  program
    .command('run', { isDefault: true })
    .description('run playbooks against an inventory (ansible-playbook flags)')
    .argument('[playbook...]', 'playbook files')
    .option('-i, --inventory <source>', 'inventory file, directory or host1,host2, (repeatable)', collect)
    .option('-l, --limit <pattern>', 'further limit hosts to a pattern (or @file)')
    .option('-t, --tags <tags>', 'only run tasks with these tags (repeatable, comma-separated)', collect)
    .option('--skip-tags <tags>', 'skip tasks with these tags (repeatable, comma-separated)', collect)
    .option('-e, --extra-vars <vars>', 'key=value, JSON/YAML, or @file (repeatable)', collect)
    .option('-C, --check', 'dry run: change nothing, report what would change')
    .option('-D, --diff', 'show the differences in files and templates')
    .option('-f, --forks <n>', 'hosts in parallel (default 50)')
    .option('-c, --connection <type>', 'ssh or local')
    .option('-u, --user <name>', 'remote user (host variables win)')
    .option('-b, --become', 'run tasks with sudo')
    .option('--become-user <name>', 'the user to become (default root)')
    .option('--private-key <file>', 'SSH private key file')
    .option('-K, --ask-become-pass', 'ask for the sudo password')
    .option('-v, --verbose', 'more output (-vvv shows connection counters)', increase, 0)
    .option('--list-hosts', 'print the hosts each play would run on')
    .option('--list-tasks', 'print the tasks that would run')
    .option('--list-tags', 'print the tags')
    .option('--syntax-check', 'load and validate the playbooks, run nothing')
    .option('--start-at-task <name>', 'start at the task with this name')
    .addOption(new Option('--output <format>', 'text or json (one event per line)').default('text'))
    .option('--no-color', 'no colours')
    .option(
      '--accept-new-host-keys',
      'trust and record unknown SSH host keys (changed keys are always refused)',
    )
    .option(
      '--secret-var <name>',
      'a variable whose value is secret: masked in all output (repeatable)',
      collect,
    )
    .action(async (playbooks: string[], flags: RunFlags) => {
      setExit(await runCommand(playbooks, flags, out));
    });

  program
    .command('inventory')
    .description('show the inventory as ansible-inventory does')
    .option('-i, --inventory <source>', 'inventory source (repeatable)', collect)
    .option('--list', 'all groups and hosts with their variables, as JSON')
    .option('--graph [group]', 'the group tree')
    .option('--host <name>', "one host's variables")
    .action(async (flags) => {
      setExit(await inventoryCommand(flags, out));
    });

  program
    .command('verify')
    .description(
      'read the cluster through the first control plane and check it against the inventory (exit 0 converged, 1 converging, 2 stuck, 4 unreachable)',
    )
    .option('-i, --inventory <source>', 'inventory source (repeatable)', collect)
    .option('-e, --extra-vars <vars>', 'key=value, JSON/YAML, or @file (repeatable)', collect)
    .option('--output <format>', 'text or json', 'text')
    .option('--accept-new-host-keys', 'trust and record unknown SSH host keys')
    .action(async (flags) => {
      const { verifyCommand } = await import('./cluster/verify-command.js');
      setExit(await verifyCommand(flags, out));
    });

  program
    .command('preflight')
    .description(
      'check the hosts and the inventory against what kubeadm needs, read-only (exit 0 ok, 2 errors, 4 unreachable)',
    )
    .option('-i, --inventory <source>', 'inventory source (repeatable)', collect)
    .option('-e, --extra-vars <vars>', 'key=value, JSON/YAML, or @file (repeatable)', collect)
    .option('--output <format>', 'text or json', 'text')
    .option('--accept-new-host-keys', 'trust and record unknown SSH host keys')
    .action(async (flags) => {
      const { preflightCommand } = await import('./preflight/preflight-command.js');
      setExit(await preflightCommand(flags, out));
    });

  for (const cmd of extra) program.addCommand(cmd);
  return program;
}

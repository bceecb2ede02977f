import type { ErrorCodeTable } from './types.js';

/** PRV4xx — module errors. Each code is stable once released; docs/errors.md is generated from these tables. */
export const moduleCodes: ErrorCodeTable = {
  PRV401: {
    title: 'A command failed on the host',
    hint: "Read the command's stderr above; fix the cause on the host or the task's arguments.",
  },
  PRV450: {
    title: "A module could not read the host's state",
    hint: 'The probe output is shown under the message; check that the host runs a supported Debian/Ubuntu with coreutils, and re-run with -vvv.',
  },
  PRV451: {
    title: 'A tool the module needs is missing on the host',
    hint: 'Install the named tool on the host (for example with the apt module in an earlier task) or use another module.',
  },
  PRV452: {
    title: 'A package has no installation candidate',
    hint: 'Check the package name and version pin, add its repository (apt_repository / deb822_repository) and set update_cache: true.',
  },
  PRV453: {
    title: 'A held package would change',
    hint: 'The package is on hold (dpkg_selections / apt-mark hold); set allow_change_held_packages: true to change it anyway.',
  },
  PRV454: {
    title: 'A systemd unit or service was not found',
    hint: 'Check the unit name; if an earlier task installs the unit file, set daemon_reload: true on this task.',
  },
  PRV455: {
    title: 'A kernel module is not present and cannot be loaded',
    hint: 'Install kmod (modprobe) on the host, or load the module on the machine whose kernel the host shares.',
  },
  PRV456: {
    title: 'A sysctl key does not exist on the host',
    hint: 'Check the key name; keys under net.bridge need the br_netfilter module loaded first (modprobe task). Use ignoreerrors: true to skip unknown keys.',
  },
  PRV457: {
    title: 'A module parameter is not usable on this host',
    hint: 'Read the message: the value names something the host does not have (a group, a file, a package file).',
  },
};

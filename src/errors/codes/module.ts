import type { ErrorCodeTable } from './types.js';

/** PRV4xx — module errors. Each code is stable once released; docs/errors.md is generated from these tables. */
export const moduleCodes: ErrorCodeTable = {
  PRV410: {
    title: 'The destination directory does not exist',
    hint: 'Create the directory first (file: state=directory) or fix the dest path; a dest ending in / names a directory.',
  },
  PRV411: {
    title: 'A file the task reads does not exist on the host',
    hint: 'Check the path; if an earlier task creates it, order that task first (in --check such tasks report unknown).',
  },
  PRV412: {
    title: 'A path exists with the wrong type',
    hint: 'The path is a directory where a file is wanted, or the other way round; remove it first or choose another path.',
  },
  PRV413: {
    title: 'The validate command rejected the new file',
    hint: "The file was not installed. Read the command's output above and fix the content; validate must contain %s.",
  },
  PRV414: {
    title: 'A downloaded file does not match the expected checksum',
    hint: 'Check the checksum parameter (algorithm:hex) against the file the URL serves; nothing was installed.',
  },
  PRV415: {
    title: 'A download failed on the host',
    hint: 'The host itself fetches the URL with curl or wget: install one of them and check that the host reaches the URL.',
  },
  PRV416: {
    title: 'An archive cannot be read',
    hint: 'unarchive reads .tar, .tar.gz/.tgz, .tar.xz, .tar.bz2 and .zip; check that the file is a complete archive.',
  },
  PRV417: {
    title: 'The owner or group does not exist on the host',
    hint: 'Create the user or group in an earlier task (user / group module) or fix the name.',
  },
  PRV418: {
    title: 'A file on the controller cannot be read or written',
    hint: 'Check the local path and its permissions (fetch dest, copy src).',
  },
  PRV419: {
    title: 'A link cannot be created as asked',
    hint: 'The link source does not exist or the path is a non-empty directory or a file; set force: true to replace it or create the source first.',
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

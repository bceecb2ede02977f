import type { ErrorCodeTable } from './types.js';

/** PRV6xx — lab errors. Each code is stable once released; docs/errors.md is generated from these tables. */
export const labCodes: ErrorCodeTable = {
  PRV601: {
    title: 'The lab needs root',
    hint: 'Run `provision lab …` as root (e.g. with sudo): it creates a bridge, network namespaces and mounts.',
  },
  PRV602: {
    title: 'systemd-nspawn is not installed',
    hint: 'apt-get install systemd-container',
  },
  PRV603: {
    title: 'The lab is already up',
    hint: 'Use the running lab (`provision lab status`), or take it down first with `provision lab down`.',
  },
  PRV604: {
    title: 'No lab is up here',
    hint: 'Start one with `provision lab up` in this directory (state lives in .provision/lab/NAME/).',
  },
  PRV605: {
    title: 'Unknown lab host',
    hint: 'Run `provision lab status` to list the lab hosts and their names.',
  },
  PRV606: {
    title: 'Invalid lab options',
    hint: 'Use `-n N` (1–200) or `--groups control_plane=1,workers=2,lb=1` (group names: letters, digits, _).',
  },
  PRV607: {
    title: 'A lab host did not come up',
    hint: 'Read the host console log named in the message; check that openssh-server is installed on this machine.',
  },
  PRV608: {
    title: 'A lab setup command failed',
    hint: 'Read the command output above; `provision lab down` removes whatever the lab had created.',
  },
  PRV609: {
    title: 'No free lab subnet',
    hint: 'Every 198.18.x.0/24 is in use on this machine; take down labs you no longer need.',
  },
  PRV610: {
    title: 'Not a Debian package',
    hint: 'addPackagesToLabRepo takes .deb files that `dpkg-deb -f` can read.',
  },
  PRV611: {
    title: 'A required tool is missing',
    hint: 'apt-get install openssh-server openssh-client sudo iproute2',
  },
  PRV612: {
    title: 'The lab directory still has mounts',
    hint: 'Something still uses a lab host root; stop it and run `provision lab down` again.',
  },
};

import type { ErrorCodeTable } from './types.js';

/** PRV5xx — transport errors. Each code is stable once released; docs/errors.md is generated from these tables. */
export const transportCodes: ErrorCodeTable = {
  PRV501: {
    title: 'Cannot start a command on the host',
    hint: 'Check that /bin/sh exists on the host and the connection works (`provision -m ping` style: run with -vvv).',
  },
  PRV502: {
    title: 'A batch of read-only probes failed as a whole',
    hint: 'The host could not create a temp directory (mktemp -d); check /tmp is writable and not full.',
  },
  PRV503: {
    title: 'Cannot write a file on the host',
    hint: 'Check the directory exists and is writable by the (become) user; use become: true for root-owned paths.',
  },
  PRV504: {
    title: 'Cannot read a file on the host',
    hint: 'Check the path exists and is readable by the (become) user.',
  },
  PRV510: {
    title: 'Host unreachable: the SSH connection could not be made',
    hint: 'Check the address and port (ansible_host, ansible_port), that sshd runs there and no firewall is in the way; -vvv shows each attempt.',
  },
  PRV511: {
    title: 'SSH authentication failed',
    hint: 'Check ansible_user and the key (ansible_ssh_private_key_file, ssh-agent via SSH_AUTH_SOCK) or ansible_password; the key must be in the remote authorized_keys.',
  },
  PRV512: {
    title: 'The host key is not known',
    hint: 'Verify the host and re-run with --accept-new-host-keys to record its key, or add it to known_hosts (ssh-keyscan, compare the fingerprint).',
  },
  PRV513: {
    title: 'The host key has changed',
    hint: 'Someone may be intercepting the connection, or the host was reinstalled. If you know it was reinstalled, remove the old key with `ssh-keygen -R HOST -f KNOWN_HOSTS` and connect again.',
  },
  PRV514: {
    title: 'The host key is revoked',
    hint: 'known_hosts marks this key @revoked; do not connect until the host has a new key.',
  },
  PRV515: {
    title: 'The connection was lost while a command ran',
    hint: 'The command may or may not have run; check the host and re-run (provision converges).',
  },
  PRV516: {
    title: 'sudo refused the become password',
    hint: 'Check ansible_become_password (or --ask-become-pass) for this host and that the user may use sudo.',
  },
  PRV517: {
    title: 'An SSH option cannot be honoured',
    hint: 'ProxyCommand is supported only as `ssh -W %h:%p JUMP`; use ProxyJump instead.',
  },
  PRV518: {
    title: 'A private key cannot be used',
    hint: 'Check the key file exists and is readable; an encrypted key needs its passphrase (prompt or variable).',
  },
  PRV519: {
    title: 'The remote shell broke the command protocol',
    hint: 'Check that /bin/sh, base64, mktemp, wc and head exist on the host and that /tmp is writable.',
  },
};

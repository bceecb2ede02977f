export { connectSsh, resolveSshTarget } from './connect.js';
export * from './known-hosts.js';
export { readKnownHostsFiles, recordHostKey } from './known-hosts-file.js';
export { parseSshArgs, shellWords } from './ssh-args.js';
export { lookupSshConfig, parseSshConfig, type SshConfig, type SshConfigValues } from './ssh-config.js';
export {
  type JumpSpec,
  parseProxyJump,
  type ResolvedSshOptions,
  resolveSshOptions,
  type SshConnectOptions,
  type StrictHostKeyChecking,
} from './ssh-options.js';
export { SshTransport } from './ssh-transport.js';

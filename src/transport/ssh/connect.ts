import { homedir, userInfo } from 'node:os';
import { TransportError } from '../../errors/index.js';
import type { Transport } from '../transport.js';
import { loadSshConfig } from './ssh-config-file.js';
import {
  type ResolvedSshOptions,
  resolveSshOptions,
  type SshConnectOptions,
  type SshEnvironment,
  sshConfigFilesFor,
} from './ssh-options.js';
import { SshTransport } from './ssh-transport.js';

function environment(): SshEnvironment {
  return {
    home: homedir(),
    localUser: userInfo().username,
    ...(process.env.SSH_AUTH_SOCK ? { authSock: process.env.SSH_AUTH_SOCK } : {}),
  };
}

/**
 * Resolves how a host is reached, including its jump hosts. Jump hosts get their own ssh_config values (HostName,
 * User, Port, IdentityFile) as OpenSSH gives them, and share the target's known_hosts files and host key policy so
 * an inventory that pins keys through `ansible_ssh_common_args` checks the jump host too; the target's identity
 * files are tried on a jump host after its own.
 */
export function resolveSshTarget(
  hostVars: Record<string, unknown>,
  options: SshConnectOptions,
  env: SshEnvironment = environment(),
): { target: ResolvedSshOptions; jumps: ResolvedSshOptions[] } {
  const config = loadSshConfig(sshConfigFilesFor(hostVars, options, env), env.home);
  const target = resolveSshOptions(hostVars, options, config, env);
  if (target.unsupportedProxyCommand !== undefined) {
    throw new TransportError({
      code: 'PRV517',
      host: target.host,
      message: `ProxyCommand ${JSON.stringify(target.unsupportedProxyCommand)} is not supported`,
    });
  }
  const jumps = target.jumps.map((spec) => {
    const hop = resolveSshOptions(
      {
        inventory_hostname: spec.host,
        ...(spec.port ? { ansible_port: spec.port } : {}),
        ...(spec.user ? { ansible_user: spec.user } : {}),
      },
      { ...(options.agentSocket ? { agentSocket: options.agentSocket } : {}), retries: target.retries },
      config,
      env,
    );
    return {
      ...hop,
      knownHostsFiles: target.knownHostsFiles,
      globalKnownHostsFiles: target.globalKnownHostsFiles,
      strictHostKeyChecking: target.strictHostKeyChecking,
      hashKnownHosts: target.hashKnownHosts,
      identityFiles: [
        ...new Set([...(hop.identityFilesExplicit ? hop.identityFiles : []), ...target.identityFiles]),
      ],
      identityFilesExplicit: hop.identityFilesExplicit || target.identityFilesExplicit,
      connectTimeoutMs: target.connectTimeoutMs,
      jumps: [],
    };
  });
  return { target, jumps };
}

/**
 * Connects to one host over SSH and starts its persistent remote shell. `hostVars` are the host's merged variables
 * (inventory_hostname, ansible_host, ansible_port, ansible_user, ansible_ssh_private_key_file, ansible_password,
 * ansible_ssh_common_args, ansible_ssh_extra_args, …). Throws HostUnreachable (PRV510–PRV514) when the host cannot
 * be reached, authenticated or its key checked.
 */
export async function connectSsh(
  hostVars: Record<string, unknown>,
  options: SshConnectOptions,
): Promise<Transport> {
  const { target, jumps } = resolveSshTarget(hostVars, options);
  for (const arg of target.ignoredArgs)
    options.log?.('debug', `${target.host}: ignoring ssh argument ${arg}`);
  const passphraseVar = hostVars.ansible_ssh_private_key_passphrase;
  const effective: SshConnectOptions =
    typeof passphraseVar === 'string' && !options.passphrase
      ? { ...options, passphrase: () => passphraseVar }
      : options;
  const transport = new SshTransport(target, jumps, effective);
  await transport.open();
  return transport;
}

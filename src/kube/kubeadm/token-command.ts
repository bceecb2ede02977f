import type { KubeClient } from '../../cluster/client/kube-client.js';
import { caCertHash } from '../pki/ca-hash.js';
import { parseKubeconfig } from '../pki/kubeconfig.js';
import { flagBool, flagString, type ParsedArgs, parseArgs } from './argv.js';
import {
  generateToken,
  parseToken,
  TOKEN_ID_PATTERN,
  TOKEN_PATTERN,
  tokenString,
} from './bootstrap-token.js';
import type { KubeadmDeps } from './deps.js';
import { parseGoDuration } from './go-duration.js';
import { readText } from './host-fs.js';
import { DEFAULT_TOKEN_TTL_MS } from './init-config.js';
import { joinCommand, oneLine } from './join-command.js';
import { KubeadmError } from './kubeadm-error.js';
import { createBootstrapToken, deleteToken, listTokens } from './token-ops.js';
import { tokenTable } from './token-table.js';

const TOKEN_FLAGS = {
  kubeconfig: 'string',
  'print-join-command': 'bool',
  ttl: 'string',
  description: 'string',
  groups: 'string',
  usages: 'string',
  config: 'string',
  'certificate-key': 'string',
  'dry-run': 'bool',
  output: 'string',
  'allow-missing-template-keys': 'bool',
} as const;

async function adminClient(
  d: KubeadmDeps,
  a: ParsedArgs,
): Promise<{ client: KubeClient; kubeconfig: string }> {
  const path = flagString(a, 'kubeconfig') ?? '/etc/kubernetes/admin.conf';
  if (!(await d.fs.exists(path))) {
    throw new KubeadmError(
      'PRV769',
      `failed to load admin kubeconfig: open ${path}: no such file or directory`,
    );
  }
  return { client: await d.connect(path), kubeconfig: path };
}

/** `kubeadm token create|list|delete|generate`. */
export async function runToken(d: KubeadmDeps, argv: readonly string[]): Promise<void> {
  const a = parseArgs(argv, TOKEN_FLAGS, { o: 'output' });
  const [sub, ...rest] = a.positionals;
  if (sub === 'generate') {
    d.stdout(tokenString(generateToken()));
    return;
  }
  if (sub === 'create') {
    const given = rest[0];
    const token = given ? parseToken(given) : generateToken();
    const ttl = flagString(a, 'ttl');
    const ttlMs = ttl === undefined ? DEFAULT_TOKEN_TTL_MS : parseGoDuration(ttl, 'ttl');
    const { client, kubeconfig } = await adminClient(d, a);
    const groups = flagString(a, 'groups');
    const usages = flagString(a, 'usages');
    await createBootstrapToken(client, token, d.now(), {
      ttlMs,
      description: flagString(a, 'description'),
      ...(groups ? { groups: groups.split(',') } : {}),
      ...(usages ? { usages: usages.split(',') } : {}),
    });
    if (!flagBool(a, 'print-join-command')) {
      d.stdout(tokenString(token));
      return;
    }
    const creds = parseKubeconfig((await readText(d.fs, kubeconfig)) ?? '');
    if (!creds?.caCertPem) throw new KubeadmError('PRV769', `failed to load the CA from ${kubeconfig}`);
    const key = flagString(a, 'certificate-key');
    d.stdout(
      oneLine(
        joinCommand({
          endpoint: creds.server.replace(/^https:\/\//, ''),
          token: tokenString(token),
          caHash: caCertHash(creds.caCertPem),
          controlPlane: key !== undefined,
          certificateKey: key,
        }),
      ),
    );
    return;
  }
  if (sub === 'list') {
    const { client } = await adminClient(d, a);
    const text = tokenTable(await listTokens(client), d.now());
    if (text) d.stdout(text.replace(/\n$/, ''));
    return;
  }
  if (sub === 'delete') {
    if (rest.length === 0)
      throw new KubeadmError(
        'PRV761',
        'missing argument; \'token delete\' is missing token of form "[a-z0-9]{6}" or "[a-z0-9]{6}\\.[a-z0-9]{16}"',
      );
    const { client } = await adminClient(d, a);
    for (const t of rest) {
      const id = TOKEN_PATTERN.exec(t)?.[1] ?? (TOKEN_ID_PATTERN.test(t) ? t : undefined);
      if (!id) {
        throw new KubeadmError(
          'PRV763',
          `given token didn't match pattern "${TOKEN_ID_PATTERN.source}" or "${TOKEN_PATTERN.source}"`,
        );
      }
      await deleteToken(client, id);
      d.stdout(`bootstrap token "${id}" deleted`);
    }
    return;
  }
  throw new KubeadmError('PRV761', `unknown command "${sub ?? ''}" for "kubeadm token"`);
}

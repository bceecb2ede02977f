import { ClusterError } from '../../errors/provision-error.js';

/**
 * A kubeadm failure. `message` is exactly what kubeadm prints on stderr (`error execution phase preflight: ...`),
 * since roles and users match on it; the code classifies it for provision's own reports.
 */
export class KubeadmError extends ClusterError {
  constructor(code: string, message: string, cause?: unknown) {
    super({ code, message, cause });
  }
}

/** kubeadm wraps a phase's error as `error execution phase <phase>: <error>`. */
export function phaseError(phase: string, e: unknown): KubeadmError {
  if (e instanceof KubeadmError && e.message.startsWith('error execution phase')) return e;
  const code = e instanceof KubeadmError ? e.code : 'PRV767';
  const text = e instanceof Error ? e.message : String(e);
  return new KubeadmError(code, `error execution phase ${phase}: ${text}`, e);
}

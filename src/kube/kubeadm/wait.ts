import type { KubeadmDeps } from './deps.js';
import { KubeadmError } from './kubeadm-error.js';

/**
 * Polls `probe` every `intervalMs` until it yields a value, for at most `timeoutMs` (counted in attempts, so a
 * test's instant sleep cannot loop forever). Errors from the probe count as "not yet".
 */
export async function pollUntil<T>(
  d: KubeadmDeps,
  timeoutMs: number,
  intervalMs: number,
  probe: () => Promise<T | undefined>,
  timeoutMessage: string,
): Promise<T> {
  const attempts = Math.max(1, Math.ceil(timeoutMs / intervalMs));
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (i < attempts - 1) await d.sleep(intervalMs);
  }
  throw new KubeadmError('PRV767', timeoutMessage, last);
}

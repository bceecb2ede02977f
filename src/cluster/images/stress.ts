import { parseQuantity } from '../objects/quantity.js';
import type { ImageBehaviour } from './behaviour.js';

function argAfter(args: readonly string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
}

/** stress `--vm-bytes 150M` (polinux/stress, the memory-limit example of the Kubernetes docs): uses that much. */
export const memoryStressBehaviour: ImageBehaviour = {
  description: 'stress: allocates --vm-bytes of memory',
  startupMs: 1000,
  usage(container) {
    const args = [...(container.command ?? []), ...(container.args ?? [])];
    const text = argAfter(args, '--vm-bytes');
    if (!text) return {};
    // stress reads suffixes B/K/M/G as binary units.
    const m = /^(\d+)([BKMG]?)$/i.exec(text);
    const factor: Record<string, number> = { '': 1, B: 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30 };
    const bytes = m ? Number(m[1]) * (factor[(m[2] ?? '').toUpperCase()] ?? 1) : parseQuantity(text);
    return bytes === undefined ? {} : { memoryBytes: bytes };
  },
};

/** vish/stress `-cpus 2` (the CPU-limit example of the Kubernetes docs): wants that many cores. */
export const cpuStressBehaviour: ImageBehaviour = {
  description: 'stress: burns -cpus cores',
  startupMs: 1000,
  usage(container) {
    const args = [...(container.command ?? []), ...(container.args ?? [])];
    const cpus = Number(argAfter(args, '-cpus'));
    return Number.isFinite(cpus) && cpus > 0 ? { cpuMilli: cpus * 1000 } : {};
  },
};

/**
 * Kubernetes resource quantities ("100m", "1.5", "128Mi", "1G", "2e3"). Parsed once to a number in base units;
 * CPU is usually compared in millicores and memory in bytes, so both helpers round up like the API's
 * MilliValue()/Value() do.
 */

const suffixes: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

const quantityPattern =
  /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?)$/;

const cache = new Map<string, number>();

/** The quantity in base units (cores, bytes, count), or undefined when the text is not a quantity. */
export function parseQuantity(text: string | number): number | undefined {
  if (typeof text === 'number') return Number.isFinite(text) ? text : undefined;
  const hit = cache.get(text);
  if (hit !== undefined) return hit;
  const m = quantityPattern.exec(text.trim());
  if (!m) return undefined;
  const base = Number(m[1]);
  const value = m[2] ? base * 10 ** Number(m[2].slice(1)) : base * (suffixes[m[3] ?? ''] ?? 1);
  if (cache.size < 10_000) cache.set(text, value);
  return value;
}

export function isQuantity(text: string): boolean {
  return parseQuantity(text) !== undefined;
}

/** Millicores (or milli-units), rounded up; 0 for a missing or invalid quantity. */
export function milliValue(text: string | number | undefined): number {
  if (text === undefined) return 0;
  const v = parseQuantity(text);
  return v === undefined ? 0 : Math.ceil(Math.round(v * 1e6) / 1e3);
}

/** Whole base units (bytes, pods), rounded up; 0 for a missing or invalid quantity. */
export function quantityValue(text: string | number | undefined): number {
  if (text === undefined) return 0;
  const v = parseQuantity(text);
  return v === undefined ? 0 : Math.ceil(Math.round(v * 1e3) / 1e3);
}

/** Formats millicores as the API would: "250m", or "2" for whole cores. */
export function formatMilli(milli: number): string {
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

/** Formats bytes with the largest exact binary suffix ("128Mi", "4Gi"), else plain bytes. */
export function formatBytes(bytes: number): string {
  for (const [suffix, factor] of [
    ['Ei', 2 ** 60],
    ['Pi', 2 ** 50],
    ['Ti', 2 ** 40],
    ['Gi', 2 ** 30],
    ['Mi', 2 ** 20],
    ['Ki', 2 ** 10],
  ] as const) {
    if (bytes >= factor && bytes % factor === 0) return `${bytes / factor}${suffix}`;
  }
  return String(bytes);
}

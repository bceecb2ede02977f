export const MASK = '********';

/** Variables whose values are always secret, whatever the user lists. */
export const BUILTIN_SECRET_VARS = [
  'ansible_password',
  'ansible_ssh_pass',
  'ansible_become_password',
  'ansible_become_pass',
  'ansible_sudo_pass',
  'ansible_ssh_private_key_passphrase',
];

/**
 * Replaces every known secret value by ******** in anything that leaves the engine (events, diffs, errors).
 * Longest secrets first, so a secret that contains another is masked whole.
 */
export class SecretMasker {
  private readonly secrets = new Set<string>();
  private sorted: string[] = [];

  add(value: unknown): void {
    if (typeof value === 'number') value = String(value);
    if (typeof value !== 'string') return;
    const v = value.trim();
    // Very short values would mask innocent text everywhere; they are not credible secrets.
    if (v.length < 4 || this.secrets.has(v)) return;
    this.secrets.add(v);
    if (value !== v && value.length >= 4) this.secrets.add(value);
    this.sorted = [...this.secrets].sort((a, b) => b.length - a.length);
  }

  get size(): number {
    return this.secrets.size;
  }

  maskText(text: string): string {
    let out = text;
    for (const s of this.sorted) if (out.includes(s)) out = out.split(s).join(MASK);
    return out;
  }

  mask<T>(value: T): T {
    if (this.sorted.length === 0) return value;
    return this.deep(value, 0) as T;
  }

  private deep(value: unknown, depth: number): unknown {
    if (typeof value === 'string') return this.maskText(value);
    if (depth > 50 || value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map((v) => this.deep(v, depth + 1));
    if (Buffer.isBuffer(value)) return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[this.maskText(k)] = this.deep(v, depth + 1);
    return out;
  }
}

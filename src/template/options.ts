import type { SourceLocation } from '../errors/location.js';

/** Reads the engine supplies for lookup('file'|'env'|'template', …). */
export interface Lookups {
  file(path: string): string;
  env(name: string): string | undefined;
  template(path: string): string;
}

export interface EvalOptions {
  /** Where the text being evaluated starts; errors point at the exact line:col inside it. */
  location?: SourceLocation;
  lookups?: Lookups;
}

import { errorCodes } from './codes/index.js';
import { formatLocation, type SourceLocation } from './location.js';

/** Exit codes follow ansible-playbook's where they exist. */
export const ExitCode = {
  ok: 0,
  error: 1,
  hostFailed: 2,
  parseOrUnreachable: 4,
  badOptions: 5,
  interrupted: 99,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export interface ErrorDetails {
  /** Stable code such as PRV104; documented in docs/errors.md. */
  code: string;
  message: string;
  location?: SourceLocation;
  host?: string;
  task?: string;
  /** The offending text, shown under the message. */
  snippet?: string;
  /** What to do about it; defaults to the hint registered for the code. */
  hint?: string;
  cause?: unknown;
}

/**
 * The root of every error the tool reports to a user. Anything else reaching the top-level catch is a bug and is
 * reported as PRV900 with a request to file it.
 */
export abstract class ProvisionError extends Error {
  abstract readonly kind: string;
  readonly code: string;
  readonly location?: SourceLocation;
  readonly host?: string;
  readonly task?: string;
  readonly snippet?: string;
  readonly hint?: string;
  /** Exit code when this error ends the run. */
  readonly exitCode: ExitCode = ExitCode.error;

  constructor(details: ErrorDetails) {
    super(details.message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.code = details.code;
    this.location = details.location;
    this.host = details.host;
    this.task = details.task;
    this.snippet = details.snippet;
    this.hint = details.hint ?? errorCodes[details.code]?.hint;
  }

  /** `file:line:col` or `host H, task "T"` — where the user should look. */
  where(): string | undefined {
    if (this.location) return formatLocation(this.location);
    const parts: string[] = [];
    if (this.host) parts.push(`host ${this.host}`);
    if (this.task) parts.push(`task "${this.task}"`);
    return parts.length > 0 ? parts.join(', ') : undefined;
  }

  /** The message as the CLI prints it: `ERROR PRV104 file:1:2: message`, snippet, hint. */
  format(): string {
    const where = this.where();
    const lines = [`ERROR ${this.code}${where ? ` ${where}` : ''}: ${this.message}`];
    if (this.snippet) lines.push(...this.snippet.split('\n').map((l) => `    ${l}`));
    if (this.hint) lines.push(`  hint: ${this.hint}`);
    return lines.join('\n');
  }
}

/** Errors found while loading static input; the run stops before any task (exit 4). */
abstract class StaticInputError extends ProvisionError {
  override readonly exitCode: ExitCode = ExitCode.parseOrUnreachable;
}

export class InventoryError extends StaticInputError {
  readonly kind = 'inventory';
}
export class PlaybookError extends StaticInputError {
  readonly kind = 'playbook';
}
export class TemplateError extends StaticInputError {
  readonly kind = 'template';
}
export class ManifestError extends StaticInputError {
  readonly kind = 'manifest';
}
export class OptionsError extends ProvisionError {
  readonly kind = 'options';
  override readonly exitCode: ExitCode = ExitCode.badOptions;
}
export class ModuleError extends ProvisionError {
  readonly kind = 'module';
}
export class TransportError extends ProvisionError {
  readonly kind = 'transport';
}
export class HostUnreachable extends TransportError {
  override readonly exitCode: ExitCode = ExitCode.parseOrUnreachable;
}
export class LabError extends ProvisionError {
  readonly kind = 'lab';
}
export class ClusterError extends ProvisionError {
  readonly kind = 'cluster';
}

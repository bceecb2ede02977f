import { shellQuote } from './shell-quote.js';
import type { BecomeOptions } from './transport.js';

/** The prompt our sudo invocations print when they need a password, so transports can detect and answer it. */
export const SUDO_PROMPT = '[provision-sudo-password]';

/**
 * Wraps a shell command so it runs as the become user. With a password, sudo reads it from stdin (-S) after our own
 * prompt; the caller writes `password + "\n"` before the command's own stdin.
 */
export function wrapBecome(command: string, become: BecomeOptions | undefined): string {
  if (!become) return command;
  if (become.method && become.method !== 'sudo') {
    throw new RangeError(`become method ${become.method} is not supported; use sudo`);
  }
  const user = become.user ?? 'root';
  const auth = become.password !== undefined ? `-S -p ${shellQuote(SUDO_PROMPT)}` : '-n';
  return `sudo ${auth} -H -u ${shellQuote(user)} -- /bin/sh -c ${shellQuote(command)}`;
}

import { readFile } from 'node:fs/promises';
import ssh2, {
  type AnyAuthMethod,
  type AuthenticationType,
  type NextAuthHandler,
  type ParsedKey,
} from 'ssh2';
import { TransportError } from '../../errors/index.js';

/**
 * Authentication in OpenSSH's order: public keys (agent first, then identity files), keyboard-interactive and
 * password last. Keys are read and decrypted only when public-key authentication is tried, so a passphrase is asked
 * for only when needed. What was tried is kept (names only, never secrets) for the failure message.
 */

export interface AuthInput {
  host: string;
  user: string;
  identityFiles: string[];
  identityFilesExplicit: boolean;
  identitiesOnly: boolean;
  agentSocket?: string;
  password?: string;
  passphrase?: () => Promise<string> | string;
  log?: (level: 'debug' | 'info' | 'warn', msg: string) => void;
}

type Step =
  | { kind: 'agent' }
  | { kind: 'key'; file: string }
  | { kind: 'keyboard-interactive' }
  | { kind: 'password' };

const SERVER_NAME: Record<Step['kind'], AuthenticationType> = {
  agent: 'publickey',
  key: 'publickey',
  'keyboard-interactive': 'keyboard-interactive',
  password: 'password',
};

async function loadKey(file: string, input: AuthInput): Promise<ParsedKey | undefined> {
  let data: Buffer;
  try {
    data = await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !input.identityFilesExplicit) return undefined;
    input.log?.('warn', `${input.host}: cannot read identity file ${file}: ${code ?? (e as Error).message}`);
    return undefined;
  }
  let key = ssh2.utils.parseKey(data);
  if (key instanceof Error && /passphrase|encrypted/i.test(key.message)) {
    if (!input.passphrase) {
      input.log?.('warn', `${input.host}: ${file} is encrypted and no passphrase was given; skipping it`);
      return undefined;
    }
    key = ssh2.utils.parseKey(data, await input.passphrase());
    if (key instanceof Error) {
      throw new TransportError({
        code: 'PRV518',
        host: input.host,
        message: `cannot decrypt private key ${file}: wrong passphrase`,
      });
    }
  }
  if (key instanceof Error) {
    input.log?.('warn', `${input.host}: ${file} is not a usable private key (${key.message}); skipping it`);
    return undefined;
  }
  return Array.isArray(key) ? key[0] : key;
}

export class AuthPlan {
  readonly tried: string[] = [];
  /** A failure to stop on (e.g. a wrong passphrase) rather than trying the next method. */
  fatal: Error | undefined;
  private readonly steps: Step[];

  constructor(private readonly input: AuthInput) {
    const steps: Step[] = [];
    if (input.agentSocket && !input.identitiesOnly) steps.push({ kind: 'agent' });
    for (const file of input.identityFiles) steps.push({ kind: 'key', file });
    if (input.password !== undefined) steps.push({ kind: 'keyboard-interactive' }, { kind: 'password' });
    this.steps = steps;
  }

  /** The ssh2 authHandler: picks the next step the server still allows. */
  readonly handler = (
    methodsLeft: AuthenticationType[] | null,
    _partial: boolean | null,
    next: NextAuthHandler,
  ) => {
    void this.advance(methodsLeft, next);
  };

  private async advance(methodsLeft: AuthenticationType[] | null, next: NextAuthHandler): Promise<void> {
    const { user } = this.input;
    for (;;) {
      const step = this.steps.shift();
      if (!step) {
        next(false as unknown as AnyAuthMethod);
        return;
      }
      if (methodsLeft && !methodsLeft.includes(SERVER_NAME[step.kind])) continue;
      if (step.kind === 'agent') {
        this.tried.push('ssh-agent');
        next({ type: 'agent', username: user, agent: this.input.agentSocket as string });
        return;
      }
      if (step.kind === 'key') {
        let key: ParsedKey | undefined;
        try {
          key = await loadKey(step.file, this.input);
        } catch (e) {
          this.fatal = e as Error;
          next(false as unknown as AnyAuthMethod);
          return;
        }
        if (!key) continue;
        this.tried.push(`key ${step.file}`);
        next({ type: 'publickey', username: user, key });
        return;
      }
      const password = this.input.password as string;
      if (step.kind === 'keyboard-interactive') {
        this.tried.push('keyboard-interactive');
        next({
          type: 'keyboard-interactive',
          username: user,
          prompt: (_name, _instructions, _lang, prompts, finish) => finish(prompts.map(() => password)),
        });
        return;
      }
      this.tried.push('password');
      next({ type: 'password', username: user, password });
      return;
    }
  }
}

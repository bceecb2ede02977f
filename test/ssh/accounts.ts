import { execFileSync } from 'node:child_process';

/**
 * useradd/usermod/userdel/chpasswd for tests that need real accounts. Test files run in parallel and these tools
 * lock /etc/passwd; a busy lock (exit 10) or a user whose last session is still closing (userdel exit 8) is
 * retried instead of failing the test.
 */
export function accountCommand(cmd: string, args: string[], opts: { input?: string } = {}): void {
  for (let attempt = 0; ; attempt++) {
    try {
      execFileSync(cmd, args, { input: opts.input, stdio: ['pipe', 'ignore', 'pipe'] });
      return;
    } catch (e) {
      const status = (e as { status?: number }).status;
      if (attempt >= 20 || (status !== 10 && status !== 8 && status !== 1)) throw e;
      execFileSync('sleep', ['0.25']);
    }
  }
}

import type { Secret } from '../objects/index.js';
import { objectKey } from '../objects/meta.js';
import { parseTime } from '../runtime/clock.js';
import { type HandlerResult, WorkQueue } from '../runtime/work-queue.js';
import { isApiError } from '../store/api-error.js';
import type { Controller, InformerFactory } from './informer-factory.js';

export const bootstrapTokenType = 'bootstrap.kubernetes.io/token';

/** A bootstrap-token Secret's expiry (data.expiration, base64 RFC 3339), if it has one. */
export function tokenExpiry(secret: Secret): number | undefined {
  const enc = secret.data?.expiration;
  if (!enc) return undefined;
  return parseTime(Buffer.from(enc, 'base64').toString('utf8'));
}

/** Deletes expired bootstrap-token Secrets in kube-system (the tokencleaner controller). */
export class BootstrapTokenCleaner implements Controller {
  readonly name = 'tokencleaner';
  private readonly queue: WorkQueue<string>;

  constructor(private readonly f: InformerFactory) {
    this.queue = new WorkQueue(f.clock, 'tokencleaner');
  }

  register(): void {
    const consider = (s: Secret) => {
      if (s.type === bootstrapTokenType && s.metadata.namespace === 'kube-system')
        this.queue.add(objectKey(s.metadata));
    };
    this.f.for('Secret').addHandler({ onAdd: consider, onUpdate: (_, s) => consider(s) });
  }

  run(): void {
    this.queue.run((key) => this.sync(key));
  }

  stop(): void {
    this.queue.shutDown();
  }

  idle(): boolean {
    return this.queue.idle();
  }

  private async sync(key: string): Promise<HandlerResult> {
    const s = this.f.for('Secret').getByKey(key);
    if (!s || s.type !== bootstrapTokenType) return;
    const exp = tokenExpiry(s);
    if (exp === undefined) return;
    const now = this.f.clock.now();
    if (exp > now) return { requeueAfterMs: exp - now, background: true };
    try {
      await this.f.client.delete('Secret', s.metadata.name, s.metadata.namespace, {
        preconditions: { uid: s.metadata.uid },
      });
    } catch (e) {
      if (!isApiError(e, 'NotFound') && !isApiError(e, 'Conflict')) throw e;
    }
    return undefined;
  }
}

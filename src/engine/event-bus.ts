import type { RunEvent, RunEventInput } from '../report/event-schema.js';
import type { Clock } from './clock.js';
import type { SecretMasker } from './secrets.js';

export type EventListener = (event: RunEvent) => void;

/** The engine's only way out: every event is masked here, so no renderer can see a secret. */
export class EventBus {
  private readonly listeners: EventListener[] = [];

  constructor(
    private readonly masker: SecretMasker,
    private readonly clock: Clock,
  ) {}

  subscribe(listener: EventListener): void {
    this.listeners.push(listener);
  }

  emit(event: RunEventInput): void {
    const stamped = this.masker.mask({
      ...event,
      time: new Date(this.clock.now()).toISOString(),
    }) as RunEvent;
    for (const l of this.listeners) l(stamped);
  }
}

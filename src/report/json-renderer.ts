import type { RunEvent } from './event-schema.js';

/** One JSON object per event line (`--output json`). */
export function jsonRenderer(write: (line: string) => void): (e: RunEvent) => void {
  return (e) => write(JSON.stringify(e));
}

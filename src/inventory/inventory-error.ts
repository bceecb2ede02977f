import { InventoryError, type SourceLocation } from '../errors/index.js';
import { caret } from '../yaml-source/index.js';

export interface ProblemAt {
  location?: SourceLocation;
  /** The offending source line; a caret is drawn under `location.col`. */
  line?: string;
  /** A ready-made snippet, used instead of `line`. */
  snippet?: string;
  hint?: string;
}

/** Builds an InventoryError with a caret snippet; the only way this folder reports bad input. */
export function inventoryError(code: string, message: string, at: ProblemAt = {}): InventoryError {
  const snippet =
    at.snippet ??
    (at.line !== undefined ? (at.location ? caret(at.line, at.location.col) : at.line) : undefined);
  return new InventoryError({ code, message, location: at.location, snippet, hint: at.hint });
}

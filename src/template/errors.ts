import { offsetToLineCol, type SourceLocation } from '../errors/location.js';
import { TemplateError } from '../errors/provision-error.js';

/** Check-mode placeholder for a value that only a real run would know (e.g. a registered result). */
export class UnknownValue {
  constructor(readonly reason: string) {}
}

/** Thrown when evaluation needs the content of an UnknownValue; the engine reports the task as "unknown". */
export class UnknownValueError extends Error {
  readonly reason: string;
  constructor(reason: string) {
    super(`value unknown in check mode: ${reason}`);
    this.name = 'UnknownValueError';
    this.reason = reason;
  }
}

/** A variable the expression reads is not defined; the message names it. */
export class UndefinedVariableError extends TemplateError {
  readonly variable: string;
  constructor(opts: { variable: string; message?: string; location?: SourceLocation; snippet?: string }) {
    super({
      code: 'PRV302',
      message: opts.message ?? `'${opts.variable}' is undefined`,
      location: opts.location,
      snippet: opts.snippet,
    });
    this.variable = opts.variable;
  }
}

/**
 * Where a problem at `offset` of `text` is, given where `text` starts. Used by every error so a multi-line
 * template points at the exact line and column of the offending token.
 */
export interface TextPosition {
  text: string;
  base?: SourceLocation;
  /** False when `base` is only the enclosing value's location (a string nested in a map): errors point there. */
  exact?: boolean;
}

export function locateOffset(pos: TextPosition, offset: number): SourceLocation | undefined {
  if (!pos.base) return undefined;
  if (pos.exact === false) return pos.base;
  const { line, col } = offsetToLineCol(pos.text, offset);
  if (line === 1) return { file: pos.base.file, line: pos.base.line, col: pos.base.col + col - 1 };
  return { file: pos.base.file, line: pos.base.line + line - 1, col };
}

/** The line of `text` holding `offset`, with a caret under it. */
export function snippetAt(text: string, offset: number): string {
  const clamped = Math.min(Math.max(offset, 0), text.length);
  const start = clamped > 0 ? text.lastIndexOf('\n', clamped - 1) + 1 : 0;
  let end = text.indexOf('\n', clamped);
  if (end < 0) end = text.length;
  const line = text.slice(start, end);
  const shown = line.length > 200 ? `${line.slice(0, 200)}…` : line;
  return `${shown}\n${' '.repeat(Math.min(clamped - start, 200))}^`;
}

export function templateErrorAt(
  code: string,
  message: string,
  pos: TextPosition,
  offset: number,
  hint?: string,
): TemplateError {
  return new TemplateError({
    code,
    message,
    location: locateOffset(pos, offset),
    snippet: snippetAt(pos.text, offset),
    hint,
  });
}

/**
 * An error raised deep inside a filter or operator, before the position is known; the evaluator turns it into a
 * TemplateError pointing at the node that failed.
 */
export class EvalProblem extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

export function problem(code: string, message: string, hint?: string): EvalProblem {
  return new EvalProblem(code, message, hint);
}

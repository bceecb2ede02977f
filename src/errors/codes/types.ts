export interface ErrorCodeInfo {
  /** One line: what went wrong. */
  title: string;
  /** How to fix it; shown with the error and in docs/errors.md. */
  hint: string;
}
export type ErrorCodeTable = Record<string, ErrorCodeInfo>;

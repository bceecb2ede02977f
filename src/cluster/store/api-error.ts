import { ClusterError } from '../../errors/provision-error.js';

/**
 * A failed API call, carrying the HTTP status and reason the Kubernetes API would answer with, so code written
 * against the in-process store handles a remote API server's answers the same way.
 */
export type ApiReason =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Gone'
  | 'TooManyRequests'
  | 'Invalid'
  | 'Forbidden'
  | 'BadRequest'
  | 'MethodNotAllowed';

const statusOf: Record<ApiReason, number> = {
  BadRequest: 400,
  Forbidden: 403,
  NotFound: 404,
  MethodNotAllowed: 405,
  AlreadyExists: 409,
  Conflict: 409,
  Gone: 410,
  Invalid: 422,
  TooManyRequests: 429,
};

const codeOf: Record<ApiReason, string> = {
  NotFound: 'PRV701',
  AlreadyExists: 'PRV702',
  Conflict: 'PRV703',
  Gone: 'PRV704',
  TooManyRequests: 'PRV705',
  Invalid: 'PRV706',
  Forbidden: 'PRV707',
  BadRequest: 'PRV708',
  MethodNotAllowed: 'PRV708',
};

export class ApiError extends ClusterError {
  readonly status: number;
  constructor(
    readonly reason: ApiReason,
    message: string,
  ) {
    super({ code: codeOf[reason], message });
    this.status = statusOf[reason];
  }
}

export function isApiError(e: unknown, reason?: ApiReason): e is ApiError {
  return e instanceof ApiError && (reason === undefined || e.reason === reason);
}

export const notFound = (resource: string, name: string) =>
  new ApiError('NotFound', `${resource} "${name}" not found`);
export const alreadyExists = (resource: string, name: string) =>
  new ApiError('AlreadyExists', `${resource} "${name}" already exists`);
export const conflict = (resource: string, name: string) =>
  new ApiError(
    'Conflict',
    `Operation cannot be fulfilled on ${resource} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
  );
export const gone = (rv: string) => new ApiError('Gone', `too old resource version: ${rv}`);

/**
 * ApiError carries a Kubernetes `Status` (reason, code, details). The store, the registries and
 * the HTTP layer throw it; the HTTP layer turns it into the response body, once.
 */
import { Status, StatusCause } from '../types';
import { FieldError, formatFieldError } from './field-error';

export interface GroupResource {
  group: string;
  resource: string;
}

const qualified = (gr: GroupResource): string => (gr.group ? `${gr.resource}.${gr.group}` : gr.resource);

export class ApiError extends Error {
  override name = 'ApiError';

  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: Status['details'],
  ) {
    super(message);
  }

  toStatus(): Status {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }

  static badRequest(message: string): ApiError {
    return new ApiError(400, 'BadRequest', message);
  }

  static unauthorized(message = 'Unauthorized'): ApiError {
    return new ApiError(401, 'Unauthorized', message);
  }

  static notFound(gr: GroupResource, name: string): ApiError {
    return new ApiError(404, 'NotFound', `${qualified(gr)} "${name}" not found`, {
      name,
      group: gr.group || undefined,
      kind: gr.resource,
    });
  }

  /** A path that names no resource at all. */
  static pathNotFound(message = 'the server could not find the requested resource'): ApiError {
    return new ApiError(404, 'NotFound', message, {});
  }

  static methodNotAllowed(message: string): ApiError {
    return new ApiError(405, 'MethodNotAllowed', message, {});
  }

  static notAcceptable(message: string): ApiError {
    return new ApiError(406, 'NotAcceptable', message);
  }

  static alreadyExists(gr: GroupResource, name: string): ApiError {
    return new ApiError(409, 'AlreadyExists', `${qualified(gr)} "${name}" already exists`, {
      name,
      group: gr.group || undefined,
      kind: gr.resource,
    });
  }

  static conflict(gr: GroupResource, name: string, why: string): ApiError {
    return new ApiError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${qualified(gr)} "${name}": ${why}`,
      {
        name,
        group: gr.group || undefined,
        kind: gr.resource,
      },
    );
  }

  /** The write was based on a stale resourceVersion (Kubernetes' exact wording). */
  static staleResourceVersion(gr: GroupResource, name: string): ApiError {
    return ApiError.conflict(
      gr,
      name,
      'the object has been modified; please apply your changes to the latest version and try again',
    );
  }

  static gone(message: string): ApiError {
    return new ApiError(410, 'Expired', message);
  }

  static requestEntityTooLarge(message: string): ApiError {
    return new ApiError(413, 'RequestEntityTooLarge', message);
  }

  static unsupportedMediaType(contentType: string): ApiError {
    return new ApiError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml; got "${contentType}"`,
    );
  }

  static invalid(kind: string, group: string, name: string, errors: FieldError[]): ApiError {
    const qualifiedKind = group ? `${kind}.${group}` : kind;
    const summary =
      errors.length === 1 ? formatFieldError(errors[0]) : `[${errors.map(formatFieldError).join(', ')}]`;
    const causes: StatusCause[] = errors.map((e) => ({
      reason: e.type,
      message: formatFieldError(e).slice(e.field.length + 2),
      field: e.field,
    }));
    return new ApiError(422, 'Invalid', `${qualifiedKind} "${name}" is invalid: ${summary}`, {
      name,
      group: group || undefined,
      kind,
      causes,
    });
  }

  static forbidden(message: string): ApiError {
    return new ApiError(403, 'Forbidden', message);
  }

  static tooManyRequests(message: string, retryAfterSeconds: number): ApiError {
    return new ApiError(429, 'TooManyRequests', message, { retryAfterSeconds });
  }

  static internal(message: string): ApiError {
    return new ApiError(500, 'InternalError', `Internal error occurred: ${message}`);
  }

  static timeout(message: string): ApiError {
    return new ApiError(504, 'Timeout', message);
  }
}

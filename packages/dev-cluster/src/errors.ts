/** Kubernetes `Status` objects (`apiVersion: v1, kind: Status`) and the error that carries one. */

export type StatusReason =
  | 'Unauthorized'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'BadRequest'
  | 'RequestEntityTooLarge'
  | 'MethodNotAllowed'
  | 'UnsupportedMediaType'
  | 'NotAcceptable'
  | 'Expired'
  | 'Gone'
  | 'InternalError';

export interface StatusCause {
  reason?: string;
  message: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: StatusCause[];
}

export interface KubeStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message: string;
  reason: StatusReason;
  details?: StatusDetails;
  code: number;
}

/** An error that the server turns into a Kubernetes `Status` response. */
export class KubeApiError extends Error {
  readonly code: number;
  readonly reason: StatusReason;
  readonly details?: StatusDetails;

  constructor(
    code: number,
    reason: StatusReason,
    message: string,
    details?: StatusDetails,
  ) {
    super(message);
    this.name = 'KubeApiError';
    this.code = code;
    this.reason = reason;
    this.details = details;
  }

  toStatus(): KubeStatus {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details && { details: this.details }),
      code: this.code,
    };
  }

  static unauthorized(): KubeApiError {
    return new KubeApiError(401, 'Unauthorized', 'Unauthorized');
  }

  /** The path matches no served resource. */
  static noSuchPath(): KubeApiError {
    return new KubeApiError(
      404,
      'NotFound',
      'the server could not find the requested resource',
      {},
    );
  }

  static notFound(resource: string, group: string, name: string): KubeApiError {
    return new KubeApiError(
      404,
      'NotFound',
      `${resource} "${name}" not found`,
      {
        name,
        group,
        kind: resource.split('.')[0],
      },
    );
  }

  static alreadyExists(
    resource: string,
    group: string,
    name: string,
  ): KubeApiError {
    return new KubeApiError(
      409,
      'AlreadyExists',
      `${resource} "${name}" already exists`,
      { name, group, kind: resource.split('.')[0] },
    );
  }

  static conflict(resource: string, group: string, name: string): KubeApiError {
    return new KubeApiError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${resource} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
      { name, group, kind: resource.split('.')[0] },
    );
  }

  static invalid(
    kind: string,
    group: string,
    name: string,
    causes: StatusCause[],
  ): KubeApiError {
    return new KubeApiError(
      422,
      'Invalid',
      `${kind}${group ? `.${group}` : ''} "${name}" is invalid: ${causes
        .map(c => (c.field ? `${c.field}: ${c.message}` : c.message))
        .join(', ')}`,
      { name, group, kind, causes },
    );
  }

  static methodNotAllowed(): KubeApiError {
    return new KubeApiError(
      405,
      'MethodNotAllowed',
      'the server does not allow this method on the requested resource',
    );
  }

  static badRequest(message: string): KubeApiError {
    return new KubeApiError(400, 'BadRequest', message);
  }
}

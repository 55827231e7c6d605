/** Errors of the simulated runtime, with the gRPC-style code a CRI runtime would return. */

export class ContainerNotFoundError extends Error {
  override name = 'ContainerNotFoundError';
  readonly code = 'NotFound';

  constructor(readonly containerId: string) {
    super(`container "${containerId}" not found`);
  }
}

/** The operation does not fit the container's state (start twice, exec in an exited container, create without the image). */
export class ContainerStateError extends Error {
  override name = 'ContainerStateError';
  readonly code = 'FailedPrecondition';
}

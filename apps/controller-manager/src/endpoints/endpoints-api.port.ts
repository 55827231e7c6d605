/**
 * What the Endpoints controller writes through (in the style of controller-utils' WorkloadApi):
 * the wiring implements it with the apiserver client, the unit tests in memory. Every method
 * resolves with the stored object or rejects with an error carrying the Kubernetes Status
 * `reason` and `code` (`NotFound`, `AlreadyExists`, `Conflict`), as `@orchestra/api`'s ApiError.
 */
import { Endpoints } from '@orchestra/api';

export interface EndpointsApi {
  /** POST endpoints in `endpoints.metadata.namespace`. */
  create(endpoints: Endpoints): Promise<Endpoints>;
  /** PUT, compare-and-swap on `metadata.resourceVersion` (a stale one is a 409 Conflict). */
  update(endpoints: Endpoints): Promise<Endpoints>;
  delete(namespace: string, name: string): Promise<void>;
}

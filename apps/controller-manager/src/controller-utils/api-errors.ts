/**
 * Recognising the apiserver's answers by their Kubernetes `Status` reason (apierrors.IsNotFound,
 * IsAlreadyExists, HasStatusCause). Works with any error that carries `reason`/`code`/`details`,
 * such as `@orchestra/api`'s ApiError.
 */
interface StatusLike {
  reason?: unknown;
  code?: unknown;
  details?: { causes?: { reason?: string }[] };
}

const statusOf = (e: unknown): StatusLike => (typeof e === 'object' && e !== null ? (e as StatusLike) : {});

export const isNotFound = (e: unknown): boolean => statusOf(e).reason === 'NotFound';
export const isAlreadyExists = (e: unknown): boolean => statusOf(e).reason === 'AlreadyExists';
export const isConflict = (e: unknown): boolean => statusOf(e).reason === 'Conflict';

/** The namespace is being deleted: creating anything in it fails, so do not retry creates. */
export const namespaceTerminatingCause = 'NamespaceTerminating';

export function hasStatusCause(e: unknown, cause: string): boolean {
  return statusOf(e).details?.causes?.some((c) => c.reason === cause) ?? false;
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

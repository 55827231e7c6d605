/**
 * The hook for virtual, create-only resources (ResourceDefinition.createOnly: the access
 * reviews): a POST to one is answered by the handler registered for its kind, with the object it
 * returns (201), and nothing is stored. Any other verb is 405.
 */
import { KubeObject } from '@orchestra/api';
import { UserInfo } from '../authentication/user-info';

export interface CreateOnlyRequest {
  /** The namespace of the path (LocalSubjectAccessReview). */
  namespace?: string;
  body: Record<string, unknown>;
  /** The user the request acts as (after impersonation). */
  user: UserInfo;
}

export type CreateOnlyHandler = (request: CreateOnlyRequest) => Promise<KubeObject> | KubeObject;

/** Handlers by `group/Kind` (`authorization.k8s.io/SelfSubjectAccessReview`). */
export type CreateOnlyHandlers = Readonly<Record<string, CreateOnlyHandler>>;

export const CREATE_ONLY_HANDLERS = Symbol('CREATE_ONLY_HANDLERS');

export const createOnlyKey = (def: { group: string; kind: string }): string => `${def.group}/${def.kind}`;

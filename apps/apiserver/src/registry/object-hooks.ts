/**
 * Per-kind storage steps the generic registry runs around its writes, for what a kind holds
 * beyond its object: today, the cluster IPs and node ports a Service holds (Kubernetes' service
 * REST). Defaulting and refusals of the request belong to the admission chain (admission/).
 */
import { KubeObject } from '@orchestra/api';

export interface ObjectHooks {
  /** After validation, before the store write: take what the object needs (e.g. an IP). */
  reserve(object: KubeObject): Promise<void>;
  /** Give back what `reserve` took: the create failed, or the object is gone. */
  release(object: KubeObject): Promise<void>;
  /** On update: keep what the server assigned when the client left it out. */
  carryOver(next: KubeObject, current: KubeObject): void;
}

export const OBJECT_HOOKS = Symbol('OBJECT_HOOKS');

/** Hooks by kind. */
export type ObjectHooksByKind = Partial<Record<string, ObjectHooks>>;

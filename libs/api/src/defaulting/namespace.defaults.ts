/** Namespace defaulting (namespace strategy PrepareForCreate, core/v1 SetDefaults_NamespaceStatus). */
import { isRecord, Obj } from '../validation/shape';

export function defaultNamespace(ns: Obj): void {
  // The `kubernetes` finalizer holds deletion until the namespace controller has emptied it.
  if (ns.spec === undefined || ns.spec === null) ns.spec = {};
  if (isRecord(ns.spec) && (ns.spec.finalizers === undefined || ns.spec.finalizers === null)) {
    ns.spec.finalizers = ['kubernetes'];
  }
  if (ns.status === undefined || ns.status === null) ns.status = {};
  if (isRecord(ns.status) && !ns.status.phase) ns.status.phase = 'Active';
}

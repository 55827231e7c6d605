/** Node defaulting (core/v1 SetDefaults_NodeStatus): allocatable is capacity unless reported. */
import { isRecord, Obj } from '../validation/shape';
import { canonicalizeQuantities } from './canonical-quantities';

export function defaultNode(node: Obj): void {
  const status = node.status;
  if (!isRecord(status) || !isRecord(status.capacity)) return;
  if (status.allocatable === undefined || status.allocatable === null)
    status.allocatable = { ...status.capacity };
  canonicalizeQuantities(status.capacity);
  canonicalizeQuantities(status.allocatable);
}

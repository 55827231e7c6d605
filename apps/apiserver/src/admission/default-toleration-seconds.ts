/**
 * The DefaultTolerationSeconds admission plugin (Kubernetes plugin/pkg/admission/
 * defaulttolerationseconds): a pod that does not tolerate `node.kubernetes.io/not-ready:NoExecute`
 * or `node.kubernetes.io/unreachable:NoExecute` gets a toleration of it for `seconds` (Kubernetes:
 * 300; the playground profile: 3). So when its node is lost, the taint eviction controller deletes
 * it after that long rather than at once. A pod's own toleration of either (also one with an empty
 * key or effect, which matches it) is left alone. On create, and on update (a replace that leaves
 * them out gets them back, as the plugin runs on updates too).
 */
import {
  KubeObject,
  Pod,
  TAINT_NODE_NOT_READY,
  TAINT_NODE_UNREACHABLE,
  type Toleration,
} from '@orchestra/api';
import { AdmissionAttributes, AdmissionPlugin } from './admission.types';

export class DefaultTolerationSeconds implements AdmissionPlugin {
  readonly name = 'DefaultTolerationSeconds';

  constructor(readonly seconds: number) {}

  mutate({ operation, def, subresource, object }: AdmissionAttributes): void {
    if (def.group !== '' || def.kind !== 'Pod' || subresource || !object) return;
    if (operation === 'CREATE' || operation === 'UPDATE') this.addTolerations(object);
  }

  addTolerations(object: KubeObject): void {
    const spec = (object as unknown as Pod).spec;
    if (!spec || typeof spec !== 'object') return; // validation reports it
    const tolerations: unknown[] = Array.isArray(spec.tolerations) ? spec.tolerations : [];
    const tolerates = (key: string) =>
      tolerations.some((t) => {
        const { key: k, effect } = (t ?? {}) as Toleration;
        return (!k || k === key) && (!effect || effect === 'NoExecute');
      });
    const added = [TAINT_NODE_NOT_READY, TAINT_NODE_UNREACHABLE]
      .filter((key) => !tolerates(key))
      .map((key): Toleration => ({
        key,
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: this.seconds,
      }));
    if (added.length > 0) spec.tolerations = [...(tolerations as Toleration[]), ...added];
  }
}

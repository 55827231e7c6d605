/**
 * The Node authorizer (plugin/pkg/auth/authorizer/node): what a kubelet, `system:node:<name>` in
 * system:nodes, may do. It may read what every kubelet reads and write its own objects: its Node
 * (and nodes/status), its Lease in kube-node-lease, the status of the pods bound to it and their
 * deletion. It may get a ConfigMap or Secret only when a pod bound to it refers to it (Kubernetes'
 * node authorizer graph: pod → node edges from env, envFrom and volumes), nothing else of
 * them. A write to another node's Node, Lease or pods is denied outright (Kubernetes leaves
 * part of this to the NodeRestriction admission plugin; here the authorizer looks the pod up, so
 * a stolen kubelet identity is stopped before admission). Everyone else: no opinion.
 */
import { KubeObject, podReferencesObject, type Pod } from '@orchestra/api';
import { nodeNameOf } from '../../authentication/user-info';
import { AuthorizationAttributes, AuthorizationDecision, Authorizer } from '../authorizer';
import { rulesAllow } from '../rbac/rule-matching';
import { NODE_LEASE_NAMESPACE, nodeMayModifyPod } from './node-pod';
import { nodeRules } from './node-rules';

/** The stored pod (undefined when there is none): a `get` from the store. */
export type PodLookup = (namespace: string, name: string) => Promise<KubeObject | undefined>;
/** Every stored pod of a namespace: a `list` from the store. */
export type NamespacePods = (namespace: string) => Promise<KubeObject[]>;

const noOpinion: AuthorizationDecision = { decision: 'no-opinion' };
const allow = (reason = ''): AuthorizationDecision => ({ decision: 'allow', reason });
const deny = (reason: string): AuthorizationDecision => ({ decision: 'deny', reason });
const modifying = new Set(['update', 'patch', 'delete']);
/**
 * How long a node's allowed read of a ConfigMap or Secret is remembered: each kubelet reads its
 * pods' objects every few seconds, and each fresh decision lists the namespace's pods. A denial
 * is never remembered (a pod bound a moment ago must be seen at once).
 */
export const REFERENCE_TTL_MS = 1_000;

export class NodeAuthorizer implements Authorizer {
  readonly name = 'Node';

  private readonly allowedUntil = new Map<string, number>();

  constructor(
    private readonly podOf: PodLookup,
    private readonly podsIn: NamespacePods = async () => [],
    private readonly now: () => number = Date.now,
  ) {}

  async authorize(attributes: AuthorizationAttributes): Promise<AuthorizationDecision> {
    const nodeName = nodeNameOf(attributes.user);
    if (nodeName === undefined) return noOpinion;
    if (attributes.resourceRequest) {
      const { apiGroup = '', resource } = attributes;
      if (apiGroup === '' && resource === 'nodes') {
        const decision = this.authorizeNode(nodeName, attributes);
        if (decision) return decision;
      } else if (apiGroup === 'coordination.k8s.io' && resource === 'leases') {
        return this.authorizeLease(nodeName, attributes);
      } else if (apiGroup === '' && resource === 'pods') {
        const decision = await this.authorizePod(nodeName, attributes);
        if (decision) return decision;
      } else if (apiGroup === '' && (resource === 'configmaps' || resource === 'secrets')) {
        return this.authorizeReferenced(nodeName, resource, attributes);
      }
    }
    return rulesAllow(attributes, nodeRules) ? allow() : noOpinion;
  }

  /** Writes to another node's Node or nodes/status are denied; the rest as the node rules say. */
  private authorizeNode(nodeName: string, a: AuthorizationAttributes): AuthorizationDecision | undefined {
    const sub = a.subresource ?? '';
    // Without a name (`kubectl auth can-i patch nodes`) the node rules answer, as in Kubernetes.
    if ((sub === '' || sub === 'status') && modifying.has(a.verb) && a.name && a.name !== nodeName) {
      return deny(`node "${nodeName}" is not allowed to modify node "${a.name ?? ''}"`);
    }
    return undefined;
  }

  /** Kubernetes' authorizeLease, with writes to another node's Lease denied. */
  private authorizeLease(nodeName: string, a: AuthorizationAttributes): AuthorizationDecision {
    if (!['get', 'create', 'update', 'patch', 'delete'].includes(a.verb)) {
      return {
        decision: 'no-opinion',
        reason: 'can only get, create, update, patch, or delete a node lease',
      };
    }
    if (a.namespace !== NODE_LEASE_NAMESPACE) {
      return {
        decision: 'no-opinion',
        reason: `can only access leases in the "${NODE_LEASE_NAMESPACE}" system namespace`,
      };
    }
    // The name of a Lease being created is not known here: NodeRestriction checks it.
    if (a.verb !== 'create' && a.name !== nodeName) {
      const reason = 'can only access node lease with the same name as the requesting node';
      return modifying.has(a.verb) && a.name ? deny(reason) : { decision: 'no-opinion', reason };
    }
    return allow();
  }

  /** Deleting a pod and writing pods/status: only for pods bound to this node. */
  private async authorizePod(
    nodeName: string,
    a: AuthorizationAttributes,
  ): Promise<AuthorizationDecision | undefined> {
    const sub = a.subresource ?? '';
    const deleting = sub === '' && a.verb === 'delete';
    const writingStatus = sub === 'status' && (a.verb === 'update' || a.verb === 'patch');
    if (!deleting && !writingStatus) return undefined;
    // Without a name (`kubectl auth can-i delete pods`) the node rules answer.
    if (!a.namespace || !a.name) return undefined;
    const pod = await this.podOf(a.namespace, a.name);
    // A pod that is not there: the request goes on to its 404, as when Kubernetes' registry
    // looks the pod up before NodeRestriction.
    if (!pod || nodeMayModifyPod(nodeName, pod)) return allow();
    return deny(
      deleting
        ? `node "${nodeName}" can only delete pods with spec.nodeName set to itself`
        : `node "${nodeName}" can only update pod status for pods with spec.nodeName set to itself`,
    );
  }

  /**
   * Kubernetes' authorizeReadNamespacedObject: get of one ConfigMap or Secret that a pod bound to
   * this node refers to. Lists, watches and writes are not a node's (no opinion: RBAC may grant them).
   */
  private async authorizeReferenced(
    nodeName: string,
    resource: 'configmaps' | 'secrets',
    a: AuthorizationAttributes,
  ): Promise<AuthorizationDecision> {
    if (a.verb !== 'get' || (a.subresource ?? '') !== '') {
      return { decision: 'no-opinion', reason: `can only get individual ${resource}` };
    }
    if (!a.namespace || !a.name) return { decision: 'no-opinion', reason: 'requires a namespace and a name' };
    const key = `${nodeName}/${resource}/${a.namespace}/${a.name}`;
    if ((this.allowedUntil.get(key) ?? 0) > this.now()) return allow();
    const pods = await this.podsIn(a.namespace);
    const referenced = pods.some(
      (pod) => nodeMayModifyPod(nodeName, pod) && podReferencesObject(pod as Pod, resource, a.name!),
    );
    if (referenced) {
      this.remember(key);
      return allow();
    }
    // Kubernetes' wording: no relationship found between the node and the object.
    return {
      decision: 'no-opinion',
      reason: `no relationship found between node '${nodeName}' and this object`,
    };
  }

  private remember(key: string): void {
    const now = this.now();
    if (this.allowedUntil.size >= 10_000) {
      for (const [k, until] of this.allowedUntil) if (until <= now) this.allowedUntil.delete(k);
    }
    this.allowedUntil.set(key, now + REFERENCE_TTL_MS);
  }
}

/**
 * What every kubelet may do beyond its own objects (Kubernetes' bootstrappolicy NodeRules, for
 * what Orchestra serves): the Node authorizer allows these for any `system:node:<name>` user, and
 * decides itself where a rule would reach another node's objects (nodes, node leases, pods).
 */
import { PolicyRule } from '../rbac/rbac.types';

const read = ['get', 'list', 'watch'];

export const nodeRules: PolicyRule[] = [
  // API access checks are non-mutating.
  { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['tokenreviews'] },
  {
    verbs: ['create'],
    apiGroups: ['authorization.k8s.io'],
    resources: ['subjectaccessreviews', 'localsubjectaccessreviews'],
  },
  // Service environment variables.
  { verbs: read, apiGroups: [''], resources: ['services'] },
  // ConfigMap and Secret volumes and env (the Node authorizer: only those its pods refer to).
  { verbs: ['get'], apiGroups: [''], resources: ['configmaps', 'secrets'] },
  // Register the Node and report its status (the Node authorizer: only its own).
  { verbs: ['create', 'get', 'list', 'watch'], apiGroups: [''], resources: ['nodes'] },
  { verbs: ['update', 'patch'], apiGroups: [''], resources: ['nodes/status'] },
  { verbs: ['update', 'patch'], apiGroups: [''], resources: ['nodes'] },
  { verbs: ['create', 'update', 'patch'], apiGroups: [''], resources: ['events'] },
  // Watch pods (its own by field selector); delete and report status of those bound to it.
  { verbs: read, apiGroups: [''], resources: ['pods'] },
  { verbs: ['delete'], apiGroups: [''], resources: ['pods'] },
  { verbs: ['update', 'patch'], apiGroups: [''], resources: ['pods/status'] },
  { verbs: ['create'], apiGroups: [''], resources: ['pods/eviction'] },
  // Its heartbeat Lease in kube-node-lease (the Node authorizer: only its own).
  {
    verbs: ['get', 'create', 'update', 'patch', 'delete'],
    apiGroups: ['coordination.k8s.io'],
    resources: ['leases'],
  },
  // Orchestra's ComponentChaosAgent: node-down, node-partition, kubelet component faults.
  {
    verbs: ['get', 'list', 'watch', 'patch'],
    apiGroups: ['chaos.orchestra.dev'],
    resources: ['chaosexperiments'],
  },
];

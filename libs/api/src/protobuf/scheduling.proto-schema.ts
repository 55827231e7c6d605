/**
 * core/v1 scheduling constraints of a PodSpec: tolerations, affinity, topology spread
 * (k8s.io/api/core/v1/generated.proto). Field numbers are Kubernetes'; notation: proto-field.ts.
 */
import { ProtoMessageTable } from './proto-field';

export const schedulingProtoMessages: ProtoMessageTable = {
  Toleration: {
    1: 'key: string',
    2: 'operator: string',
    3: 'value: string',
    4: 'effect: string',
    5: 'tolerationSeconds?: int64',
  },
  Affinity: {
    1: 'nodeAffinity?: NodeAffinity',
    2: 'podAffinity?: PodAffinity',
    // PodAntiAffinity has PodAffinity's fields and numbers.
    3: 'podAntiAffinity?: PodAffinity',
  },
  NodeAffinity: {
    1: 'requiredDuringSchedulingIgnoredDuringExecution?: NodeSelector',
    2: 'preferredDuringSchedulingIgnoredDuringExecution: PreferredSchedulingTerm[]',
  },
  NodeSelector: {
    1: 'nodeSelectorTerms!: NodeSelectorTerm[]',
  },
  NodeSelectorTerm: {
    1: 'matchExpressions: NodeSelectorRequirement[]',
    2: 'matchFields: NodeSelectorRequirement[]',
  },
  NodeSelectorRequirement: {
    1: 'key!: string',
    2: 'operator!: string',
    3: 'values: string[]',
  },
  PreferredSchedulingTerm: {
    1: 'weight!: int32',
    2: 'preference!: NodeSelectorTerm',
  },
  PodAffinity: {
    1: 'requiredDuringSchedulingIgnoredDuringExecution: PodAffinityTerm[]',
    2: 'preferredDuringSchedulingIgnoredDuringExecution: WeightedPodAffinityTerm[]',
  },
  PodAffinityTerm: {
    1: 'labelSelector?: LabelSelector',
    2: 'namespaces: string[]',
    3: 'topologyKey!: string',
    4: 'namespaceSelector?: LabelSelector',
  },
  WeightedPodAffinityTerm: {
    1: 'weight!: int32',
    2: 'podAffinityTerm!: PodAffinityTerm',
  },
  TopologySpreadConstraint: {
    1: 'maxSkew!: int32',
    2: 'topologyKey!: string',
    3: 'whenUnsatisfiable!: string',
    4: 'labelSelector?: LabelSelector',
    5: 'minDomains?: int32',
    8: 'matchLabelKeys: string[]',
  },
};

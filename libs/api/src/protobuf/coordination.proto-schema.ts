/**
 * coordination.k8s.io/v1 Lease (k8s.io/api/coordination/v1/generated.proto), the heartbeat of
 * nodes and of leader election. Field numbers are Kubernetes'; see proto-field.ts for the notation.
 */
import { ProtoMessageTable } from './proto-field';

export const coordinationProtoMessages: ProtoMessageTable = {
  Lease: {
    1: 'metadata: ObjectMeta',
    2: 'spec: LeaseSpec',
  },
  LeaseSpec: {
    1: 'holderIdentity?: string',
    2: 'leaseDurationSeconds?: int32',
    3: 'acquireTime?: MicroTime',
    4: 'renewTime?: MicroTime',
    5: 'leaseTransitions?: int32',
  },
};

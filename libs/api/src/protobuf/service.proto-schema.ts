/**
 * core/v1 Service and Endpoints (k8s.io/api/core/v1/generated.proto): only the fields Orchestra's
 * types carry. Field numbers are Kubernetes'; see proto-field.ts for the notation.
 */
import { ProtoMessageTable } from './proto-field';

export const serviceProtoMessages: ProtoMessageTable = {
  Service: {
    1: 'metadata: ObjectMeta',
    2: 'spec: ServiceSpec',
    3: 'status: ServiceStatus',
  },
  ServiceSpec: {
    1: 'ports: ServicePort[]',
    2: 'selector: map<string>',
    3: 'clusterIP: string',
    4: 'type: string',
    7: 'sessionAffinity: string',
    10: 'externalName: string',
    11: 'externalTrafficPolicy: string',
    17: 'ipFamilyPolicy?: string',
    18: 'clusterIPs: string[]',
    19: 'ipFamilies: string[]',
    22: 'internalTrafficPolicy?: string',
  },
  ServicePort: {
    1: 'name: string',
    2: 'protocol: string',
    3: 'port!: int32',
    4: 'targetPort: IntOrString',
    5: 'nodePort: int32',
    6: 'appProtocol?: string',
  },
  ServiceStatus: {
    1: 'loadBalancer: LoadBalancerStatus',
  },
  LoadBalancerStatus: {
    1: 'ingress: LoadBalancerIngress[]',
  },
  LoadBalancerIngress: {
    1: 'ip: string',
    2: 'hostname: string',
    3: 'ipMode: string',
  },
  Endpoints: {
    1: 'metadata: ObjectMeta',
    2: 'subsets: EndpointSubset[]',
  },
  EndpointSubset: {
    1: 'addresses: EndpointAddress[]',
    2: 'notReadyAddresses: EndpointAddress[]',
    3: 'ports: EndpointPort[]',
  },
  EndpointAddress: {
    1: 'ip!: string',
    2: 'targetRef?: ObjectReference',
    3: 'hostname: string',
    4: 'nodeName?: string',
  },
  EndpointPort: {
    1: 'name: string',
    2: 'port!: int32',
    3: 'protocol: string',
    4: 'appProtocol?: string',
  },
};

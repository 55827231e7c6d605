/** Kubernetes' cloudprovider.DefaultLoadBalancerName: `a` + the Service's uid without dashes, at most 32 characters. */
import type { Service } from '@orchestra/api';

export function loadBalancerName(service: Service): string {
  return ('a' + (service.metadata.uid ?? '').replace(/-/g, '')).slice(0, 32);
}

/** Endpoints defaulting (core/v1 SetDefaults_Endpoints): ports are TCP unless said otherwise. */
import { isRecord, Obj } from '../validation/shape';

export function defaultEndpoints(endpoints: Obj): void {
  for (const subset of Array.isArray(endpoints.subsets) ? endpoints.subsets.filter(isRecord) : []) {
    for (const port of Array.isArray(subset.ports) ? subset.ports.filter(isRecord) : []) {
      if (!port.protocol) port.protocol = 'TCP';
    }
  }
}

/** Service defaulting (core/v1 SetDefaults_Service, plus the IP family fields the registry fills). */
import { isRecord, Obj } from '../validation/shape';

export function defaultService(service: Obj): void {
  const spec = service.spec;
  if (!isRecord(spec)) return;
  if (!spec.type) spec.type = 'ClusterIP';
  if (!spec.sessionAffinity) spec.sessionAffinity = 'None';
  for (const port of Array.isArray(spec.ports) ? spec.ports.filter(isRecord) : []) {
    if (!port.protocol) port.protocol = 'TCP';
    // No targetPort means the pods listen on the service's own port.
    if (
      port.targetPort === undefined ||
      port.targetPort === null ||
      port.targetPort === 0 ||
      port.targetPort === ''
    ) {
      port.targetPort = port.port;
    }
  }
  const externallyAccessible = spec.type === 'NodePort' || spec.type === 'LoadBalancer';
  if (externallyAccessible && !spec.externalTrafficPolicy) spec.externalTrafficPolicy = 'Cluster';
  if (spec.type === 'ExternalName') return;
  if (!spec.internalTrafficPolicy) spec.internalTrafficPolicy = 'Cluster';
  if (!spec.ipFamilyPolicy) spec.ipFamilyPolicy = 'SingleStack';
  if (!Array.isArray(spec.ipFamilies) || spec.ipFamilies.length === 0) spec.ipFamilies = ['IPv4'];
}

/**
 * The authorizer chain before RBAC is wired in: members of system:masters may do anything,
 * AlwaysAllow allows everyone; every other request is forbidden.
 */
import { WellKnown } from '../authentication/user-info';
import { AuthorizationMode } from '../apiserver.config';
import { Authorizer } from './authorizer';

export function bootstrapAuthorizer(modes: AuthorizationMode[]): Authorizer {
  const alwaysAllow = modes.includes('AlwaysAllow');
  return {
    name: 'bootstrap',
    async authorize({ user }) {
      if (user.groups.includes(WellKnown.mastersGroup)) return { decision: 'allow', reason: '' };
      if (alwaysAllow) return { decision: 'allow', reason: 'AlwaysAllow' };
      return { decision: 'no-opinion' };
    },
  };
}

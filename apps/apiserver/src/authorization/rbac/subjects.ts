/** Whether a binding's subject is the user (plugin/pkg/auth/authorizer/rbac `appliesToUser`). */
import { UserInfo, WellKnown } from '../../authentication/user-info';
import { Subject } from './rbac.types';

export function serviceAccountUsername(namespace: string, name: string): string {
  return `${WellKnown.serviceAccountPrefix}${namespace}:${name}`;
}

/**
 * `bindingNamespace` is the RoleBinding's namespace (empty for a ClusterRoleBinding): a
 * ServiceAccount subject without a namespace means one in the binding's namespace.
 */
export function appliesToUser(user: UserInfo, subject: Subject, bindingNamespace: string): boolean {
  switch (subject.kind) {
    case 'User':
      return user.username === subject.name;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount': {
      const namespace = subject.namespace || bindingNamespace;
      if (!namespace) return false;
      return user.username === serviceAccountUsername(namespace, subject.name);
    }
    default:
      return false;
  }
}

/** The first subject of the binding that is the user, if any. */
export function subjectFor(
  user: UserInfo,
  subjects: readonly Subject[] | undefined,
  bindingNamespace: string,
): Subject | undefined {
  return subjects?.find((s) => appliesToUser(user, s, bindingNamespace));
}

/** `User "alice"`, `ServiceAccount "builder/ci"` as Kubernetes' RBAC allow reasons name them. */
export function describeSubject(subject: Subject, bindingNamespace: string): string {
  if (subject.kind === 'ServiceAccount') {
    return `${subject.kind} ${JSON.stringify(`${subject.name}/${subject.namespace || bindingNamespace}`)}`;
  }
  return `${subject.kind} ${JSON.stringify(subject.name)}`;
}

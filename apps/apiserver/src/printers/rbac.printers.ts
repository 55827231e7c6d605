/**
 * `kubectl get roles,clusterroles`: NAME, CREATED AT; `kubectl get rolebindings,clusterrolebindings`:
 * NAME, ROLE (`ClusterRole/view`), AGE, and with -o wide USERS, GROUPS, SERVICEACCOUNTS
 * (Kubernetes' printRole and printRoleBinding).
 */
import { KubeObject } from '@orchestra/api';
import { since } from './human-duration';
import { AGE_COLUMN, column, NAME_COLUMN, Printer, wide } from './printer';

interface Binding extends KubeObject {
  roleRef?: { kind?: string; name?: string };
  subjects?: { kind?: string; name?: string; namespace?: string }[];
}

export const rolePrinter: Printer = {
  columns: [
    NAME_COLUMN,
    column(
      'Created At',
      'date',
      'CreationTimestamp is a timestamp representing the server time when this object was created.',
    ),
  ],
  print(role) {
    const created = role.metadata.creationTimestamp;
    return {
      cells: [
        role.metadata.name ?? '',
        created ? new Date(created).toISOString().replace(/\.\d{3}Z$/, 'Z') : '',
      ],
    };
  },
};

export const roleBindingPrinter: Printer<Binding> = {
  columns: [
    NAME_COLUMN,
    column(
      'Role',
      'string',
      'RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error. This field is immutable.',
    ),
    AGE_COLUMN,
    wide('Users', 'Users in the roleBinding'),
    wide('Groups', 'Groups in the roleBinding'),
    wide('ServiceAccounts', 'ServiceAccounts in the roleBinding'),
  ],
  print(binding, now) {
    const subjects = binding.subjects ?? [];
    const names = (kind: string) =>
      subjects
        .filter((s) => s.kind === kind)
        .map((s) => (kind === 'ServiceAccount' ? `${s.namespace ?? ''}/${s.name ?? ''}` : (s.name ?? '')))
        .join(', ');
    return {
      cells: [
        binding.metadata.name ?? '',
        `${binding.roleRef?.kind ?? ''}/${binding.roleRef?.name ?? ''}`,
        since(binding.metadata.creationTimestamp, now),
        names('User'),
        names('Group'),
        names('ServiceAccount'),
      ],
    };
  },
};

/** ResourceQuota, LimitRange and ServiceAccount (core/v1): a namespace's limits and identities. */
import { ObjectMeta, TypeMeta } from './meta.types';
import { ObjectReference } from './misc.types';
import { ResourceList } from './pod.types';

export interface ResourceQuota extends TypeMeta {
  metadata: ObjectMeta;
  spec?: { hard?: ResourceList; scopes?: string[] };
  status?: { hard?: ResourceList; used?: ResourceList };
}

export type LimitType = 'Pod' | 'Container' | 'PersistentVolumeClaim';

export interface LimitRangeItem {
  type: LimitType;
  max?: ResourceList;
  min?: ResourceList;
  default?: ResourceList;
  defaultRequest?: ResourceList;
  maxLimitRequestRatio?: ResourceList;
}

export interface LimitRange extends TypeMeta {
  metadata: ObjectMeta;
  spec?: { limits?: LimitRangeItem[] };
}

export interface ServiceAccount extends TypeMeta {
  metadata: ObjectMeta;
  secrets?: ObjectReference[];
  imagePullSecrets?: { name?: string }[];
  automountServiceAccountToken?: boolean;
}

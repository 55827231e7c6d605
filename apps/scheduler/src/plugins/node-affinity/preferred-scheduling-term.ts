import type { NodeAffinity } from '@orchestra/api';

/** core/v1 PreferredSchedulingTerm: a node selector term and its weight (1–100). */
export type PreferredSchedulingTerm = NonNullable<
  NodeAffinity['preferredDuringSchedulingIgnoredDuringExecution']
>[number];

/**
 * Label selectors: the `?labelSelector=` string of list and watch requests, and the structured
 * meta/v1 LabelSelector of Deployments, ReplicaSets and Services (k8s.io/apimachinery/pkg/labels
 * and pkg/apis/meta/v1 `LabelSelectorAsSelector`).
 */
import { ApiError } from '../errors';
import { LabelSelector } from '../types';
import {
  LabelOperator,
  LabelRequirement,
  requirementMatches,
  requirementToString,
} from './label-requirement';
import { LabelSelectorSyntaxError, newRequirement, parseRequirements } from './label-selector.parser';

export interface Selector {
  /** Sorted by key; a selector matches when every requirement does. */
  readonly requirements: readonly LabelRequirement[];
  matches(labels: Record<string, string> | undefined): boolean;
  /** True when the selector does not restrict anything (it selects everything). */
  empty(): boolean;
  toString(): string;
}

class RequirementsSelector implements Selector {
  constructor(readonly requirements: readonly LabelRequirement[]) {}

  matches(labels: Record<string, string> | undefined): boolean {
    return this.requirements.every((r) => requirementMatches(r, labels));
  }

  empty(): boolean {
    return this.requirements.length === 0;
  }

  toString(): string {
    return this.requirements.map(requirementToString).join(',');
  }
}

/** What a nil meta/v1 LabelSelector means: it selects nothing, not everything. */
const nothing: Selector = {
  requirements: [],
  matches: () => false,
  empty: () => false,
  toString: () => '',
};

export const everythingSelector = (): Selector => new RequirementsSelector([]);
export const nothingSelector = (): Selector => nothing;

/** Parses `?labelSelector=`; the empty string selects everything. Throws 400 on a malformed string. */
export function parseLabelSelector(s: string): Selector {
  try {
    return new RequirementsSelector(parseRequirements(s));
  } catch (e) {
    if (e instanceof LabelSelectorSyntaxError) throw ApiError.badRequest(e.message);
    throw e;
  }
}

const expressionOperators: Record<string, LabelOperator> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
};

const byKey = (a: LabelRequirement, b: LabelRequirement): number =>
  a.key < b.key ? -1 : a.key > b.key ? 1 : 0;

/** matchLabels become `key=value`, matchExpressions their set-based operator, sorted by key. */
function requirementsOf(sel: LabelSelector, validate: boolean): LabelRequirement[] {
  const make = (key: string, operator: LabelOperator, values: string[]): LabelRequirement =>
    validate ? newRequirement(key, operator, values) : { key, operator, values: [...new Set(values)].sort() };
  const fromLabels = Object.entries(sel.matchLabels ?? {}).map(([k, v]) => make(k, '=', [v]));
  const fromExpressions = (sel.matchExpressions ?? []).map((e) => {
    const operator = expressionOperators[e.operator];
    if (!operator)
      throw new LabelSelectorSyntaxError(
        `${JSON.stringify(e.operator)} is not a valid label selector operator`,
      );
    return make(e.key, operator, e.values ?? []);
  });
  return [...fromLabels, ...fromExpressions].sort(byKey);
}

/**
 * The selector a meta/v1 LabelSelector stands for: `{}` selects everything. Throws 400 when the
 * selector is invalid (validation should have refused it on write).
 */
export function labelSelectorFromObject(sel: LabelSelector): Selector {
  try {
    return new RequirementsSelector(requirementsOf(sel, true));
  } catch (e) {
    if (e instanceof LabelSelectorSyntaxError) throw ApiError.badRequest(e.message);
    throw e;
  }
}

/**
 * Whether a workload's selector selects these labels. A missing selector selects nothing, `{}`
 * everything; an invalid one selects nothing, as Kubernetes controllers treat a selector error.
 */
export function labelSelectorMatches(
  sel: LabelSelector | undefined | null,
  labels: Record<string, string> | undefined,
): boolean {
  if (!sel) return false;
  try {
    return new RequirementsSelector(requirementsOf(sel, true)).matches(labels);
  } catch (e) {
    if (e instanceof LabelSelectorSyntaxError) return false;
    throw e;
  }
}

/**
 * The selector as a string, e.g. `app=web,tier in (a,b)`: what Scale.status.selector carries and
 * kubectl prints (kubectl shows `<none>` for the empty string). Does not validate keys or values,
 * so it is safe while rendering; an unknown operator gives `<error>`, as metav1.FormatLabelSelector.
 */
export function labelSelectorToString(sel: LabelSelector): string {
  try {
    return requirementsOf(sel, false).map(requirementToString).join(',');
  } catch (e) {
    if (e instanceof LabelSelectorSyntaxError) return '<error>';
    throw e;
  }
}

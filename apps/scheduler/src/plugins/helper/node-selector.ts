/** Node selector terms: shared with the DaemonSet controller, so they live in `@orchestra/api`. */
export {
  nodeSelectorRequirementMatches as requirementMatches,
  RequiredNodeAffinity,
  termMatches,
  termsMatch,
} from '@orchestra/api';

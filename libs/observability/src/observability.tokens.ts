/** Injection tokens, apart from the module so providers and controllers can import them freely. */

export interface ObservabilityOptions {
  /** The Kubernetes component this process plays: `kube-scheduler`, `kubelet`, … */
  component: string;
}

export const OBSERVABILITY_OPTIONS = Symbol('OBSERVABILITY_OPTIONS');

/** The component's winston logger: `@Inject(LOGGER) logger: Logger`. */
export const LOGGER = Symbol('LOGGER');

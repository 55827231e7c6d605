/**
 * The result of running a plugin (Kubernetes `framework.Status`, kube-scheduler/framework
 * interface.go). Plugins return a Status instead of throwing; a missing reason list means success.
 */

export enum Code {
  Success = 'Success',
  /** Runtime error: the pod is retried with back-off; nothing about the node is concluded. */
  Error = 'Error',
  /** The node does not fit now, but could after preemption or a change in the cluster. */
  Unschedulable = 'Unschedulable',
  /** The node does not fit and preemption would not help (e.g. a node selector mismatch). */
  UnschedulableAndUnresolvable = 'UnschedulableAndUnresolvable',
  /** PreFilter/PreScore: the plugin has nothing to do for this pod; its Filter/Score is skipped. */
  Skip = 'Skip',
}

export class Status {
  /** Set by the framework to the plugin that returned this status. */
  plugin: string;

  constructor(
    readonly code: Code,
    readonly reasons: readonly string[] = [],
    plugin = '',
  ) {
    this.plugin = plugin;
  }

  static success(): Status {
    return SUCCESS;
  }

  static skip(): Status {
    return SKIP;
  }

  static unschedulable(...reasons: string[]): Status {
    return new Status(Code.Unschedulable, reasons);
  }

  static unresolvable(...reasons: string[]): Status {
    return new Status(Code.UnschedulableAndUnresolvable, reasons);
  }

  static error(reason: string): Status {
    return new Status(Code.Error, [reason]);
  }

  isSuccess(): boolean {
    return this.code === Code.Success;
  }

  isSkip(): boolean {
    return this.code === Code.Skip;
  }

  /** Unschedulable or UnschedulableAndUnresolvable: the node (or pod) was rejected, not broken. */
  isRejected(): boolean {
    return this.code === Code.Unschedulable || this.code === Code.UnschedulableAndUnresolvable;
  }

  /** The reasons joined as Kubernetes' Status.Message() does. */
  message(): string {
    return this.reasons.join(', ');
  }

  /** A copy attributed to a plugin; shared singletons are never mutated. */
  withPlugin(plugin: string): Status {
    if (this.plugin === plugin) return this;
    return new Status(this.code, this.reasons, plugin);
  }
}

/** Shared, never attributed: success and skip carry no per-plugin information. */
const SUCCESS = Object.freeze(new Status(Code.Success)) as Status;
const SKIP = Object.freeze(new Status(Code.Skip)) as Status;

/** What a registry call needs to know about the request beyond the object itself. */
export interface RequestContext {
  /** W3C traceparent of the request, stored with the change. */
  traceparent?: string;
  /** `dryRun=All`: validate and answer as if written, but store nothing. */
  dryRun: boolean;
  now: Date;
  /** Who made the request, as far as it says (see chaos/requester.ts): recorded on chaos experiments. */
  requester?: string;
}

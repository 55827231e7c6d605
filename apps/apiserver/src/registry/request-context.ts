/** What a registry call needs to know about the request beyond the object itself. */
import { UserInfo } from '../authentication/user-info';

export interface RequestContext {
  /** W3C traceparent of the request, stored with the change. */
  traceparent?: string;
  /** `dryRun=All`: validate and answer as if written, but store nothing. */
  dryRun: boolean;
  now: Date;
  /** Who made the request (the authenticated user's name): recorded on chaos experiments. */
  requester?: string;
  /** The authenticated user the request acts as; admission plugins decide on it (NodeRestriction). */
  user?: UserInfo;
}

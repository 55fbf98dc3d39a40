import { actorOf, type Principal } from '../common/auth/principal';
import { AppealEvent } from './appeal-event.entity';

/** What a history entry says; the rest has defaults. */
export type HistoryFacts = Pick<AppealEvent, 'type' | 'at'> & Partial<AppealEvent>;

/** A row of an appeal's history, by whoever acted (none: the system). */
export function historyEvent(
  appealId: string,
  principal: Principal | null,
  facts: HistoryFacts,
): AppealEvent {
  return Object.assign(new AppealEvent(), {
    appealId,
    fromStatus: null,
    toStatus: null,
    reason: null,
    data: {},
    ...(principal ? actorOf(principal) : { actorUserId: null, actorApiKeyId: null }),
    ...facts,
  });
}

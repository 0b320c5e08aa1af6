// Tells open extension pages (popup, approval windows) what changed, so their mirror re-reads it.
// Topics raised in one turn go out as one message; "no receiver" (no page open) is the normal case.
import type { PopupChangeNotice } from '../messages/popup-api';

export type ChangeTopic = PopupChangeNotice['topics'][number];
export type Notify = (topics: ChangeTopic[]) => void;

export function createChangeNotifier(send: (message: PopupChangeNotice) => Promise<unknown> | undefined): Notify {
  let pending: Set<ChangeTopic> | null = null;
  return (topics) => {
    if (pending) {
      for (const topic of topics) pending.add(topic);
      return;
    }
    pending = new Set(topics);
    queueMicrotask(() => {
      const notice: PopupChangeNotice = { type: 'popup:changed', topics: [...(pending ?? [])] };
      pending = null;
      try {
        void Promise.resolve(send(notice)).catch(() => {});
      } catch {
        // No page is listening.
      }
    });
  };
}

// A minimal window for node tests: postMessage delivers a message event (source = this window) on the
// next task, as browsers do; dispatchEvent/addEventListener come from EventTarget.
export interface FakeWindow extends Window {
  posted: { data: unknown; targetOrigin: string }[];
}

export function fakeWindow(origin = 'https://dapp.example'): FakeWindow {
  const target = new EventTarget();
  const posted: FakeWindow['posted'] = [];
  const win = {
    location: { origin },
    posted,
    addEventListener: target.addEventListener.bind(target),
    removeEventListener: target.removeEventListener.bind(target),
    dispatchEvent: target.dispatchEvent.bind(target),
    postMessage(data: unknown, targetOrigin: string) {
      const cloned = structuredClone(data);
      posted.push({ data: cloned, targetOrigin });
      setTimeout(() => {
        const event = new Event('message');
        Object.defineProperties(event, { data: { value: cloned }, source: { value: win } });
        target.dispatchEvent(event);
      }, 0);
    },
  };
  return win as unknown as FakeWindow;
}

import { describe, expect, it } from 'vitest';
import { dappCallerFromSender } from './sender';

const ID = 'extension-id';

describe('dappCallerFromSender', () => {
  it("takes the origin from the browser's sender of a top frame", () => {
    expect(dappCallerFromSender({ id: ID, origin: 'https://dapp.example', tab: { id: 3 }, frameId: 0 }, ID)).toEqual({
      origin: 'https://dapp.example',
      tabId: 3,
      frameId: 0,
    });
    // Firefox has no sender.origin: the URL gives it.
    expect(
      dappCallerFromSender({ id: ID, url: 'http://127.0.0.1:5173/x?y', tab: { id: 3 }, frameId: 0 }, ID),
    ).toMatchObject({
      origin: 'http://127.0.0.1:5173',
    });
  });

  it('refuses other extensions, extension pages, iframes, opaque origins', () => {
    expect(
      dappCallerFromSender({ id: 'other', origin: 'https://a.example', tab: { id: 1 }, frameId: 0 }, ID),
    ).toBeNull();
    expect(dappCallerFromSender({ id: ID, url: `chrome-extension://${ID}/popup.html` }, ID)).toBeNull();
    expect(dappCallerFromSender({ id: ID, origin: 'https://a.example', tab: { id: 1 }, frameId: 4 }, ID)).toBeNull();
    expect(dappCallerFromSender({ id: ID, origin: 'null', tab: { id: 1 }, frameId: 0 }, ID)).toBeNull();
    expect(dappCallerFromSender({ id: ID, url: 'file:///etc/passwd', tab: { id: 1 }, frameId: 0 }, ID)).toBeNull();
  });
});

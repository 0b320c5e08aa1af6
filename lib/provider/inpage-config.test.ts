import { describe, expect, it } from 'vitest';
import { fakeScripting } from '../testing/provider-fakes';
import { COMPAT_OFF_SCRIPT, inpageMark, markMetamaskCompatOff, syncCompatOffScript } from './inpage-config';

describe('the compat-off page script', () => {
  it('is registered exactly while MetaMask compatibility is off, in the main world at document_start', async () => {
    const scripting = fakeScripting();
    await syncCompatOffScript(scripting, async () => true);
    expect(scripting.registered.size).toBe(0);
    await syncCompatOffScript(scripting, async () => false);
    await syncCompatOffScript(scripting, async () => false);
    expect([...scripting.registered.values()]).toEqual([
      {
        id: COMPAT_OFF_SCRIPT.id,
        js: ['inpage-compat-off.js'],
        matches: ['http://*/*', 'https://*/*'],
        runAt: 'document_start',
        world: 'MAIN',
        allFrames: false,
        persistAcrossSessions: true,
      },
    ]);
    await syncCompatOffScript(scripting, async () => true);
    expect(scripting.registered.size).toBe(0);
  });

  it('changes one at a time, each against the setting when its turn comes (overlapping start and toggle)', async () => {
    const scripting = fakeScripting();
    let stored = false;
    const read = async () => stored;
    const runs = [syncCompatOffScript(scripting, read), syncCompatOffScript(scripting, read)];
    stored = true;
    runs.push(syncCompatOffScript(scripting, read));
    await Promise.all(runs);
    expect(scripting.registered.size).toBe(0);
  });

  it('leaves a mark only the compat-off script sets; a page without it has none', () => {
    const page = {};
    expect(inpageMark(page)).toBeUndefined();
    markMetamaskCompatOff(page);
    expect(inpageMark(page)).toEqual({ metamaskCompat: false });
    expect(Object.keys(page)).toEqual([]);
  });
});

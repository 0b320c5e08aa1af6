// Popup steps the wallet-care suite takes in either browser (DOM only, through page-targets.ts).
import { PASSWORD } from '../popup-helpers/popup-page';
import { type AnyPage, waitIn } from './extension-pages';
import { button, click, field, link, read, setField } from './page-targets';

/** Waits until Home's native balance is shown with this status. */
export function waitForStatus(page: AnyPage, status: string): Promise<true> {
  return waitIn(
    page,
    (s) => document.querySelector('[data-testid="confirmation-native"]')?.getAttribute('data-status') === s || null,
    status,
    `a ${status} balance`,
    90_000,
  );
}

/** Picks each word, in order, from the shuffled chips. */
export async function pickWords(page: AnyPage, words: string[]): Promise<void> {
  for (const word of words) {
    await waitIn(
      page,
      (w) => {
        const chip = [...document.querySelectorAll<HTMLButtonElement>('.word-chips button:not([disabled])')].find(
          (b) => b.textContent?.trim() === w,
        );
        if (!chip) return null;
        chip.click();
        return true;
      },
      word,
      `the word chip "${word}"`,
    );
  }
}

export const phraseWords = (page: AnyPage) =>
  waitIn(
    page,
    () => {
      const words = [...document.querySelectorAll('[data-testid="recovery-phrase"] .phrase-word')].map(
        (e) => e.textContent ?? '',
      );
      return words.length ? words : null;
    },
    undefined,
    'the recovery phrase',
  );

export async function importPhrase(page: AnyPage, mnemonic: string): Promise<void> {
  await click(page, link('Import a recovery phrase'));
  await setField(page, 'Recovery phrase', mnemonic);
  await setField(page, 'Password', PASSWORD);
  await setField(page, 'Confirm password', PASSWORD);
  await click(page, button('Import'));
}

export const accountNames = async (page: AnyPage) => (await read(page, field('Account'))).options.map((o) => o.text);

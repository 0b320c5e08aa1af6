import { ErrorNotice } from '@/components/ErrorNotice';
import { ScreenHeader } from '@/components/ScreenHeader';
import { WordPicker } from '@/components/WordPicker';
import { callBackground } from '@/lib/state/background';
import { walletStore } from '@/lib/state/hooks';
import { navigate } from '../router';
import { useAction } from '../use-action';

export interface ConfirmPhraseProps {
  words: string[];
  /** Back to the words (the user may not have written them all down). */
  onBack: () => void;
}

/** Picks the phrase's words in order; the background then drops the "not backed up" reminder. */
export function ConfirmPhrase({ words, onBack }: ConfirmPhraseProps) {
  const confirm = useAction(async () => {
    walletStore.getState().applyStatus(await callBackground('wallet/confirmBackup', { mnemonic: words.join(' ') }));
    navigate('/');
  });
  return (
    <main className="screen">
      <ScreenHeader title="Confirm your phrase" />
      <WordPicker words={words} onConfirmed={() => void confirm.run()} />
      <ErrorNotice message={confirm.error} />
      <button type="button" className="link-button" onClick={onBack}>
        Show the words again
      </button>
    </main>
  );
}

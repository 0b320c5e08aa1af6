/** The recovery phrase as a numbered list (read out in order by screen readers). */
export function PhraseGrid({ words }: { words: string[] }) {
  return (
    <ol className="phrase-grid" aria-label="Recovery phrase" data-testid="recovery-phrase">
      {words.map((word, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a phrase may repeat a word; position is the identity
        <li key={i}>
          <span className="phrase-index" aria-hidden="true">
            {i + 1}
          </span>
          <span className="phrase-word">{word}</span>
        </li>
      ))}
    </ol>
  );
}

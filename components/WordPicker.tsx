import { useMemo, useState } from 'react';

export interface WordPickerProps {
  words: string[];
  onConfirmed: () => void;
}

/** Confirms the user kept the phrase: pick its words, in order, from a shuffled set. */
export function WordPicker({ words, onConfirmed }: WordPickerProps) {
  const shuffled = useMemo(() => shuffle(words.map((word, position) => ({ word, position }))), [words]);
  const [picked, setPicked] = useState<number[]>([]);
  const [mistake, setMistake] = useState<string | null>(null);
  const done = picked.length === words.length;

  function pick(position: number) {
    const expected = words[picked.length];
    if (words[position] !== expected) {
      setMistake(`That is not word ${picked.length + 1}. Try again.`);
      return;
    }
    setMistake(null);
    setPicked([...picked, position]);
  }

  return (
    <div className="word-picker">
      <p id="picker-progress" aria-live="polite">
        {done ? 'All words in order.' : `Pick word ${picked.length + 1} of ${words.length}.`}
      </p>
      <ol className="picked-words" aria-label="Words picked so far">
        {picked.map((position, i) => (
          <li key={position}>
            {i + 1}. {words[position]}
          </li>
        ))}
      </ol>
      <fieldset className="word-chips">
        <legend className="visually-hidden">Words to pick</legend>
        {shuffled.map(({ word, position }) => (
          <button
            key={position}
            type="button"
            className="chip"
            disabled={picked.includes(position)}
            onClick={() => pick(position)}
          >
            {word}
          </button>
        ))}
      </fieldset>
      {mistake ? (
        <p className="field-error" role="alert">
          {mistake}
        </p>
      ) : null}
      <div className="row">
        <button
          type="button"
          className="secondary"
          onClick={() => setPicked(picked.slice(0, -1))}
          disabled={!picked.length}
        >
          Undo
        </button>
        <button type="button" className="primary" disabled={!done} onClick={onConfirmed}>
          Finish
        </button>
      </div>
    </div>
  );
}

function shuffle<T>(items: T[]): T[] {
  const copy = [...items];
  const random = new Uint32Array(copy.length);
  crypto.getRandomValues(random);
  for (let i = copy.length - 1; i > 0; i--) {
    const j = random[i] % (i + 1);
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

import { describe, expect, it } from 'vitest';
import { hiddenCharacters, splitHidden } from './hidden-characters';

describe('hidden characters', () => {
  it('finds bidi overrides, isolates and zero-width characters, and names them', () => {
    const text = 'Pay \u202E001\u202C to\u200Bbob\u2066x\u2069';
    expect(hiddenCharacters(text)).toEqual(['U+202E', 'U+202C', 'U+200B', 'U+2066', 'U+2069']);
    expect(splitHidden('a\u202Eb')).toEqual([
      { text: 'a', hidden: false },
      { text: 'U+202E', hidden: true },
      { text: 'b', hidden: false },
    ]);
    expect(hiddenCharacters('Sign in to example.org\nNonce: 42')).toEqual([]);
  });
});

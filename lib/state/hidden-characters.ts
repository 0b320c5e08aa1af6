// Characters that change how text looks without being seen: bidirectional overrides and isolates (which
// can make "pay 100" read as "001 yap"), zero-width spaces and joiners, soft hyphens, byte-order marks.
const HIDDEN = /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFB]/g;

const codePoint = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** The distinct hidden characters in `text`, as U+XXXX, in order of appearance. */
export function hiddenCharacters(text: string): string[] {
  return [...new Set((text.match(HIDDEN) ?? []).map(codePoint))];
}

/** `text` split into plain runs and hidden characters (named by code point), for display. */
export function splitHidden(text: string): { text: string; hidden: boolean }[] {
  const parts: { text: string; hidden: boolean }[] = [];
  let last = 0;
  for (const match of text.matchAll(HIDDEN)) {
    if (match.index > last) parts.push({ text: text.slice(last, match.index), hidden: false });
    parts.push({ text: codePoint(match[0]), hidden: true });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), hidden: false });
  return parts;
}

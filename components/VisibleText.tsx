import { splitHidden } from '@/lib/state/hidden-characters';

/** Untrusted text with every invisible or direction-changing character shown as a marked code point. */
export function VisibleText({ text }: { text: string }) {
  return (
    <>
      {splitHidden(text).map((part, i) =>
        part.hidden ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: parts of one fixed string, in order
          <mark key={i} className="hidden-char" title="invisible or direction-changing character">
            {part.text}
          </mark>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: parts of one fixed string, in order
          <span key={i}>{part.text}</span>
        ),
      )}
    </>
  );
}

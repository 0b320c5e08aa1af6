import type { TypedDataNode } from '@/lib/messages/popup-api';
import { VisibleText } from './VisibleText';

/** Levels shown open; deeper structs start collapsed (one click away, never left out). */
const OPEN_LEVELS = 2;

/**
 * Typed data exactly as it is hashed: each field with its EIP-712 type, every level present. Untrusted text
 * from the page, rendered as text only.
 */
export function TypedDataFields({ fields, depth = 0 }: { fields: TypedDataNode[]; depth?: number }) {
  if (!fields.length) return <span className="muted">(no fields)</span>;
  return (
    <dl className="structured" data-testid="typed-fields">
      {fields.map((node) => (
        <div key={node.name} data-depth={depth}>
          {node.fields ? (
            <details open={depth < OPEN_LEVELS}>
              <summary>
                {node.name} <span className="muted">{node.type}</span>
              </summary>
              <TypedDataFields fields={node.fields} depth={depth + 1} />
            </details>
          ) : (
            <>
              <dt>
                {node.name} <span className="muted">{node.type}</span>
              </dt>
              <dd className="mono wrap" data-testid="typed-value">
                <VisibleText text={node.value ?? ''} />
              </dd>
            </>
          )}
        </div>
      ))}
    </dl>
  );
}

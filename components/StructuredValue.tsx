/** Renders decoded, untrusted data (typed-data messages, domains) as nested definition lists; never as HTML. */
export function StructuredValue({ value, depth = 0 }: { value: unknown; depth?: number }) {
  if (value === null || value === undefined) return <span className="muted">—</span>;
  if (typeof value !== 'object') return <span className="mono wrap">{String(value)}</span>;
  if (depth > 6) return <span className="muted">…</span>;
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  if (!entries.length) return <span className="muted">{Array.isArray(value) ? '[]' : '{}'}</span>;
  return (
    <dl className="structured">
      {entries.map(([key, v]) => (
        <div key={key}>
          <dt>{key}</dt>
          <dd>
            <StructuredValue value={v} depth={depth + 1} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

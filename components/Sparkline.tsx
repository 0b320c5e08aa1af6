export interface SparklineProps {
  values: number[];
  label: string;
  width?: number;
  height?: number;
}

/** A tiny latency chart: one polyline, scaled to its own min..max, described in words for screen readers. */
export function Sparkline({ values, label, width = 96, height = 24 }: SparklineProps) {
  if (values.length < 2) {
    return (
      <span className="sparkline-empty" role="img" aria-label={`${label}: not enough samples yet`}>
        —
      </span>
    );
  }
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const step = width / (values.length - 1);
  const points = values
    .map((v, i) => `${(i * step).toFixed(1)},${(height - 2 - ((v - min) / span) * (height - 4)).toFixed(1)}`)
    .join(' ');
  const description = `${label}: ${values.length} samples, ${Math.round(min)} to ${Math.round(max)} ms, latest ${Math.round(values[values.length - 1])} ms`;
  return (
    <svg
      className="sparkline"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={description}
    >
      <polyline points={points} fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />
    </svg>
  );
}

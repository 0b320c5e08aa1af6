// What a benchmark section returns, and how it is printed (plain text, or markdown for the README).

export type BenchTable = { title: string; headers: string[]; rows: string[][] };

export type BenchReport = {
  tables: BenchTable[];
  /** Lines printed after the tables: ratios, targets met or missed, caveats. */
  notes: string[];
};

export function renderReport(report: BenchReport, format: 'text' | 'markdown'): string {
  const parts = report.tables.map(
    (t) => `${format === 'markdown' ? `**${t.title}**` : t.title}\n\n${render(t, format)}`,
  );
  const notes = report.notes.map((n) => (format === 'markdown' ? `- ${n}` : `  ${n}`)).join('\n');
  return [...parts, notes].join('\n\n');
}

function render(table: BenchTable, format: 'text' | 'markdown'): string {
  if (format === 'markdown') {
    const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
    return [line(table.headers), line(table.headers.map(() => '---')), ...table.rows.map(line)].join('\n');
  }
  const widths = table.headers.map((h, i) => Math.max(h.length, ...table.rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(table.headers), line(widths.map((w) => '-'.repeat(w))), ...table.rows.map(line)].join('\n');
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/** Split arms as a user edits them: do the shares add up, and even shares to start from. */

/** The split's percentages as a user sees them: do they add up, how many control arms. */
export function splitCheck(arms: readonly { percent: number; control?: boolean }[]): { total: number; ok: boolean; controls: number } {
  const total = Math.round(arms.reduce((s, a) => s + (Number.isFinite(a.percent) ? a.percent : 0), 0) * 1000) / 1000;
  const controls = arms.filter((a) => a.control).length;
  return { total, ok: total === 100 && controls <= 1, controls };
}

/** Even shares that add up to exactly 100 (the remainder goes to the first arms). */
export function evenShares(count: number): number[] {
  const base = Math.floor(100 / count);
  return Array.from({ length: count }, (_, i) => base + (i < 100 - base * count ? 1 : 0));
}

import { distance } from 'fastest-levenshtein';

/**
 * The declared name closest to a name nobody declared, when it is close enough to be a typo
 * (two edits, or a third of its letters for long names; separators and case ignored), for "did you mean …".
 */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  const plain = (s: string): string => s.toLowerCase().replace(/[-_.]/g, '');
  let best: { name: string; d: number } | undefined;
  for (const c of candidates) {
    const d = plain(c) === plain(name) ? 0 : distance(name.toLowerCase(), c.toLowerCase());
    // Two edits (a swapped pair of letters) for names longer than 3, a third of the letters for long ones.
    if (d <= (c.length <= 3 ? 1 : Math.max(2, Math.floor(c.length / 3))) && (best === undefined || d < best.d)) best = { name: c, d };
  }
  return best?.name;
}

/** `; did you mean "x"?` hint for a problem's consequence, or nothing. */
export function didYouMean(name: string, candidates: Iterable<string>): { consequence?: string } {
  const near = closestName(name, candidates);
  return near === undefined ? {} : { consequence: `did you mean "${near}"?` };
}

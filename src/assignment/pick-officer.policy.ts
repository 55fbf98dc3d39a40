/** An officer who could take a new appeal, with the load that decides. */
export interface OfficerLoad {
  id: string;
  available: boolean;
  openAppeals: number;
  lastAssignedAt: Date | null;
}

/**
 * SPEC §7: the available officer with the fewest open appeals; ties go to the one assigned
 * least recently (never assigned first), then by id so the choice is deterministic.
 */
export function pickOfficer(candidates: OfficerLoad[]): OfficerLoad | null {
  let best: OfficerLoad | null = null;
  for (const c of candidates) {
    if (!c.available) continue;
    if (best === null || compare(c, best) < 0) best = c;
  }
  return best;
}

function compare(a: OfficerLoad, b: OfficerLoad): number {
  if (a.openAppeals !== b.openAppeals) return a.openAppeals - b.openAppeals;
  const at = a.lastAssignedAt?.getTime() ?? -Infinity;
  const bt = b.lastAssignedAt?.getTime() ?? -Infinity;
  if (at !== bt) return at < bt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Collects what the verifier saw that a known leak by design explains, for the report's separate section. */
import type { KnownLeakReport } from '../../../shared/model/isolation';

/** Something every account can see or do by design on a flavor, documented rather than fixed. */
export interface KnownLeak {
  id: string;
  what: string;
  why: string;
}

const maxExamples = 5;

export class KnownLeakLog {
  private readonly byId = new Map<string, { leak: KnownLeak; observations: number; probes: Set<string>; examples: string[] }>();

  /** One observation of `leak` by `probe` (an entry's DN, a value, or what a write did). */
  note(leak: KnownLeak, probe: string, example: string): void {
    const item = this.byId.get(leak.id) ?? { leak, observations: 0, probes: new Set<string>(), examples: [] };
    item.observations += 1;
    item.probes.add(probe);
    if (item.examples.length < maxExamples && !item.examples.includes(example)) item.examples.push(example);
    this.byId.set(leak.id, item);
  }

  /**
   * Every leak observed at least once, in the order of the documented list; those that leave cells of the access
   * policy unenforced (`cellsOf`) are listed whether observed or not, with their cells: never silently skipped.
   */
  report(order: KnownLeak[], cellsOf: ReadonlyMap<string, string[]> = new Map()): KnownLeakReport[] {
    return order.flatMap((leak) => {
      const item = this.byId.get(leak.id);
      const cells = cellsOf.get(leak.id);
      if (!item && !cells) return [];
      return [{ id: leak.id, what: leak.what, why: leak.why, observations: item?.observations ?? 0, probes: [...(item?.probes ?? [])].sort(), examples: item?.examples ?? [], ...(cells ? { cells } : {}) }];
    });
  }
}

/**
 * The coordinator's side of interned values on worker threads (intern.ts):
 * a worker knows the coordinator's values up to some id and gives one it
 * meets without an id a provisional id of its own; its reply lists the
 * provisional ids it used, in the order first used, with their values
 * written out. The coordinator interns those lists in the order one thread
 * would meet the values (level order for exploration, parallel.ts; trace
 * order for simulation, sim-parallel.ts), maps each worker's provisional ids
 * to its own in the states it keeps, and sends each worker the values it
 * lacks. docs/adr/007-workers.md, "Interned values on workers".
 */
import { usageError } from './errors';
import { decodeValue, encodeValue, PROVISIONAL } from './intern';
import type { BuiltModel } from './model';

/** Provisional ids a worker used, in the order first used, and their values written out. */
export interface Fresh {
  readonly ids: readonly number[];
  readonly values: readonly unknown[];
}

/** Values written out for a worker: the coordinator's ids `from`, `from + 1`, … */
export interface ValuesFrom {
  readonly from: number;
  readonly encoded: readonly unknown[];
}

export class ValueIds {
  /** Whether the model has interned variables at all. */
  readonly interned: boolean;
  private readonly slots: { word: number; shift: number; mask: number }[];
  /** Per worker, its provisional ids and the coordinator's for them. */
  private readonly provisional = new Map<number, Map<number, number>>();
  /** The coordinator's values written out, by id. */
  private readonly written: unknown[] = [];

  constructor(private readonly model: BuiltModel) {
    this.slots = model.layout.fields.filter((f) => f.kind === 3).flatMap((f) => Array.from({ length: f.length }, (_, i) => ({ word: f.word[i]!, shift: f.shift[i]!, mask: f.mask })));
    this.interned = this.slots.length > 0;
  }

  /** The values a worker that has ids below `from` lacks, or undefined; a value that cannot be written out is IL015. */
  valuesFrom(from: number): ValuesFrom | undefined {
    const to = this.model.interner.size;
    if (!this.interned || from >= to) return undefined;
    try {
      for (let id = this.written.length; id < to; id++) this.written.push(encodeValue(this.model.interner.valueOf(id)));
    } catch (e) {
      throw usageError('IL015', `--workers N cannot be used with this model: ${(e as Error).message}`, { hint: '--workers 1' });
    }
    return { from, encoded: this.written.slice(from, to) };
  }

  /**
   * Interns worker `worker`'s new values in the order it met them and
   * returns its provisional ids' map; or, interning nothing, undefined when
   * one of them is a value this thread holds already as an object that
   * behaves otherwise (iterates in another order: another written-out form,
   * intern.ts encodeValue). The worker then computed with its own object
   * where one thread would have used this thread's, so its work must be
   * done again here.
   */
  take(worker: number, fresh: Fresh): ReadonlyMap<number, number> | undefined {
    let ids = this.provisional.get(worker);
    if (!ids) this.provisional.set(worker, (ids = new Map()));
    const interner = this.model.interner;
    const values: unknown[] = [];
    for (let k = 0; k < fresh.ids.length; k++) {
      if (ids.has(fresh.ids[k]!)) continue;
      const value = decodeValue(fresh.values[k]);
      const id = interner.find(value);
      if (id >= 0 && JSON.stringify(encodeValue(interner.valueOf(id))) !== JSON.stringify(fresh.values[k])) return undefined;
      values[k] = value;
    }
    for (let k = 0; k < fresh.ids.length; k++) if (!ids.has(fresh.ids[k]!)) ids.set(fresh.ids[k]!, interner.idOf(values[k]));
    return ids;
  }

  /** Maps the provisional ids in the state at `words[at …]` to the coordinator's. */
  own(words: Uint32Array, at: number, ids: ReadonlyMap<number, number>): void {
    for (const slot of this.slots) {
      const w = words[at + slot.word]!;
      const id = (w >>> slot.shift) & slot.mask;
      if (id < PROVISIONAL) continue;
      const own = ids.get(id);
      if (own === undefined) throw new Error(`internal error: provisional id ${id} of a worker is not among the values it listed`);
      words[at + slot.word] = ((w & ~(slot.mask << slot.shift)) | (own << slot.shift)) >>> 0;
    }
  }
}

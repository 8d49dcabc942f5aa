/**
 * One BFS level on the shared table (parallel.ts's fast path; ADR 007,
 * "Shared table, renumbered per level"), the part each worker thread runs.
 *
 * Four phases, with a barrier (the coordinator) between them:
 *
 * 1. `expand`: workers take chunks of the frontier from a shared counter and
 *    expand each state as the sequential engine does (guards, effects, the
 *    determinism re-run, action properties, constraints, assertions,
 *    deadlock and the terminal predicate), fingerprint every successor and
 *    insert it into the one shared table (shared-store.ts), with the
 *    discovery code (parent's position in the level, step) as its key; a
 *    state found again keeps the least code. A new state's words and
 *    invariant results stay with the worker that inserted it. Under
 *    symmetry or a view, discoveries of one state (an orbit, or the states
 *    with one view) differ in their words, and the sequential engine keeps
 *    those of the first: so every discovery that lowers the code keeps its
 *    words too, as a candidate.
 * 2. `rank`: the keys are final. Each worker marks, per parent, the steps
 *    whose discovery won (one bit per action), and drops its candidates that
 *    lost.
 * 3. `count`: the workers count the marks per parent in ranges of parents;
 *    the coordinator turns the ranges' totals into their bases.
 * 4. `place`: a new state's rank in the next level is its range's base, plus
 *    its parent's offset in the range, plus the marked steps before its own
 *    in that parent: exactly the order in which the sequential engine stores
 *    the level's new states. Each worker copies its states to the next
 *    frontier at their rank and writes their links (parent, action).
 *
 * Between levels the workers also grow the table (`rehash`), which cannot
 * grow while they insert.
 *
 * Whatever would make the sequential run stop inside the level or raise an
 * error (a violation when the run stops at the first, any exception from the
 * model) stops the level instead: the coordinator drops its inserts and
 * replays it the sequential way (expand.ts), which stops or raises exactly
 * where one worker would. With --continue, violations do not stop the run:
 * each one is an event with its discovery code (a new state's invariant
 * takes its winning code), and the coordinator keeps the least per property,
 * which is the one the sequential engine records.
 */
import { ExpandConfig, maskWords } from './expand';
import { fingerprint, fp } from './fingerprint';
import type { BuiltModel, PropertyKind } from './model';
import { claim, KNOWN, LINK_BITS, linkWord, NEW, nonZero, rehash, SLOT } from './shared-store';
import { Recent } from './recent';
import { Symmetry } from './symmetry';
import { stateKey } from './identity';
import { AssertionSignal, REJECTED } from './view';

/** Why a level stopped (control[STOP]); the first reason set is kept. */
export const Stop = {
  /** The model threw, or failed the determinism re-run: the level is replayed, which raises it. */
  fault: 1,
  /** A violation, and the run stops at the first: the level is replayed, which stops there. */
  violation: 2,
  /** The table reached its load limit: it grows and the level runs again. */
  full: 3,
} as const;

/** Words of the level's control array. */
export const NEXT_CHUNK = 0;
export const INSERTED = 1;
export const STOP = 2;

export interface LevelJob {
  /** The level's states, n × W words, in store order. */
  readonly frontier: Uint32Array;
  readonly n: number;
  /** Store index of the level's first state. */
  readonly start: number;
  readonly table: Uint32Array;
  /** The level's least key (shared-store.ts): a discovery's key is base + its code. */
  readonly base: number;
  /** [next chunk, states inserted (counted in batches), stop reason]. */
  readonly control: Int32Array;
  readonly chunk: number;
  /** How many states the level may insert before the table is too full; counted in batches of `batch`. */
  readonly room: number;
  readonly batch: number;
  /** Per chunk, the digest of its first state's expansion (the coordinator expands it again to find impure models). */
  readonly digests: Int32Array;
  /** Properties violated before this level (--continue): not evaluated again, as in the sequential engine. */
  readonly found: readonly string[];
}

/** A violation seen in the level: `code` is its discovery code, `sub` orders events of one step. */
export interface LevelEvent {
  readonly code: number;
  readonly sub: number;
  readonly name: string;
  readonly kind: PropertyKind;
  /** For the invariant of a new state: its store index; otherwise the event is on a step from the parent (or, for deadlock, the parent itself). */
  readonly state?: number;
}

export interface Expanded {
  /** The chunks this expander took. */
  readonly taken: number[];
  readonly steps: number;
  readonly terminal: number;
  readonly fired: number[];
  readonly events: LevelEvent[];
}

export interface RankJob {
  /** Per parent position, maskWords(A) words: the steps whose discovery won. */
  readonly winners: Uint32Array;
}

export interface PlaceJob {
  readonly winners: Uint32Array;
  /** Per parent position, the rank of its first winning step within its range (CountJob). */
  readonly offsets: Uint32Array;
  readonly range: number;
  /** Per range, the rank of its first new state in the next level. */
  readonly bases: Uint32Array;
  readonly next: Uint32Array;
  readonly nextStart: number;
  readonly parents: readonly Uint32Array[];
  readonly actions: readonly Uint32Array[];
}

/** The counting of a range of parents: each worker takes ranges from a shared counter. */
export interface CountJob {
  readonly winners: Uint32Array;
  readonly n: number;
  /** Parents per range. */
  readonly range: number;
  readonly control: Int32Array;
  /** Per parent, the rank of its first new state within its range (written here). */
  readonly offsets: Uint32Array;
  /** Per range: its new states, and the most states the sequential FIFO holds while the range is expanded, less the new states of the ranges before (written here). */
  readonly totals: Uint32Array;
  readonly peaks: Float64Array;
}

/** The growth of the table: each worker copies ranges of the old table, taken from a shared counter. */
export interface RehashJob {
  readonly from: Uint32Array;
  readonly to: Uint32Array;
  readonly range: number;
  readonly control: Int32Array;
}

export interface Placed {
  readonly produced: number[];
  readonly events: LevelEvent[];
}

export interface LevelExpander {
  /** Takes chunks until there are none left; with `take` false none (the level's other phases still count this expander in). */
  expand(job: LevelJob, take?: boolean): Expanded;
  rank(job: RankJob): void;
  count(job: CountJob): void;
  rehash(job: RehashJob): void;
  place(job: PlaceJob): Placed;
  /** The digest of expanding `state` (store index `idx`), touching nothing: the coordinator's purity probe. */
  digest(state: Uint32Array, idx: number, found: readonly string[]): number;
}

const LINK_MASK = (1 << LINK_BITS) - 1;
const MIX = 0x9e3779b1 | 0;
/** The code of a candidate whose discovery lost (codes are below n × (A + 1) < 2^32 − 1). */
const LOST = 0xffffffff;

export function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

function stringHash(s: string): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < s.length; k++) h = Math.imul(h ^ s.charCodeAt(k), 0x01000193);
  return h;
}

export function createLevelExpander(model: BuiltModel, config: ExpandConfig): LevelExpander {
  const W = model.layout.words;
  const actions = model.actions;
  const A = actions.length;
  const A1 = A + 1; // codes per parent: its steps, then its end (deadlock)
  const MW = maskWords(A);
  const invs = model.invariants.filter((i) => config.invariants.includes(i.name));
  const props = model.actionProperties.filter((p) => config.actionProperties.includes(p.name));
  // Plain arrays of functions, as in explorer.ts: a call through actions[a].guard is a lookup on objects of several shapes.
  const guards = actions.map((a) => a.guard);
  const effects = actions.map((a) => a.effect);
  const names = actions.map((a) => a.name);
  const invChecks = invs.map((i) => i.check);
  const propChecks = props.map((p) => p.check);
  const constraint = model.constraint;
  const actionConstraint = model.actionConstraint;
  const terminal = model.terminal;
  const sym = config.symmetry ? new Symmetry(model.symmetry!, W) : undefined;
  // A state's identity (explorer.ts): its view (TLC VIEW), then its orbit's least member under symmetry.
  const keyOf = stateKey(model.viewMask, sym);
  // Whether discoveries of one state can differ in their words (symmetry, a view): then the sequential
  // engine keeps the first discovery's words, so each discovery that lowers the key keeps its own.
  const several = keyOf !== undefined;
  const cur = model.createView();
  const next = model.createView();
  const again = model.createView();
  next.pre = cur;
  again.pre = cur;
  // A new state's invariant results travel with it to `place` only when they can be events (--continue).
  const MI = config.continue ? maskWords(invs.length) : 0;
  const E = 3 + MI + W; // entry: slot, discovery code (LOST once it lost), hi, invariant failures, words
  const invFail = new Uint32Array(maskWords(invs.length));
  const invSkip = new Array<boolean>(invs.length).fill(false);
  const propSkip = new Array<boolean>(props.length).fill(false);
  let deadlockFound = false;

  // Fingerprints this thread claimed or found (recent.ts). A thread takes chunks in increasing order and levels
  // have increasing bases, so its keys only grow: a state it met before has a key below the current one, and the
  // claim could only answer KNOWN. A level run again (the same base, or a base reset) dropped states: cleared.
  const recent = new Recent();
  let recentBase = -1;
  let entries = new Uint32Array(1 << 12);
  let count = 0;
  const claimed = { slot: 0 };

  // Per level.
  let job: LevelJob | undefined;
  let mask = 0; // of the job's table
  let steps = 0;
  let terminalStates = 0;
  let fired: number[] = [];
  let events: LevelEvent[] = [];
  let pending = 0;
  let digest = 0; // of the last expandOne

  const sameWords = (x: Uint32Array, y: Uint32Array) => {
    for (let k = 0; k < W; k++) if (x[k] !== y[k]) return false;
    return true;
  };
  const stop = (reason: number): false => {
    if (job) Atomics.compareExchange(job.control, STOP, 0, reason);
    return false;
  };
  /** A violation: an event with --continue, otherwise the level stops. */
  const violation = (probe: boolean, e: LevelEvent): boolean => {
    if (probe) return true;
    if (!config.continue) return stop(Stop.violation);
    events.push(e);
    return true;
  };
  const pushEntry = (slot: number, code: number, hi: number) => {
    if ((count + 1) * E > entries.length) {
      const grown = new Uint32Array(entries.length * 2);
      grown.set(entries);
      entries = grown;
    }
    let at = count * E;
    entries[at++] = slot;
    entries[at++] = code;
    entries[at++] = hi;
    for (let k = 0; k < MI; k++) entries[at++] = invFail[k]!;
    for (let k = 0; k < W; k++) entries[at++] = next.buf[k]!;
    count++;
  };
  const setFound = (found: readonly string[]) => {
    for (let k = 0; k < invs.length; k++) invSkip[k] = found.includes(invs[k]!.name);
    for (let k = 0; k < props.length; k++) propSkip[k] = found.includes(props[k]!.name);
    deadlockFound = found.includes('deadlock');
  };
  /** Evaluates the invariants not yet violated on the successor into invFail; false if one threw. */
  const evalInvariants = (): boolean => {
    invFail.fill(0);
    for (let k = 0; k < invs.length; k++) {
      if (invSkip[k]) continue;
      try {
        if (!invChecks[k]!(next)) invFail[k >>> 5]! |= 1 << (k & 31);
      } catch {
        return false;
      }
    }
    return true;
  };

  /**
   * Expands the state in `cur` (store index idx, first discovery code `base`)
   * as the sequential engine does; with `probe`, only computes its digest.
   * False when the level must stop.
   */
  const expandOne = (idx: number, base: number, probe: boolean): boolean => {
    // The digest: a local, mixed inline (MIX), as an int32 in a closure variable is boxed on every write.
    let d = 0;
    let enabled = 0;
    const checkTwice = idx + 1 < config.determinism;
    for (let a = 0; a < A; a++) {
      let on: boolean;
      try {
        on = guards[a]!(cur);
      } catch {
        return stop(Stop.fault);
      }
      if (!on) continue;
      for (let k = 0; k < W; k++) next.buf[k] = cur.buf[k]!;
      const code = base + a;
      try {
        effects[a]!(next);
      } catch (e) {
        if (e === REJECTED) continue;
        if (!(e instanceof AssertionSignal)) return stop(Stop.fault);
        enabled++;
        if (!probe) {
          steps++;
          fired[a]!++;
        }
        d = (Math.imul(d ^ a, MIX) + 0x7f4a7c15) | 0;
        d = (Math.imul(d ^ (stringHash(e.name)), MIX) + 0x7f4a7c15) | 0;
        if (!violation(probe, { code, sub: 0, name: e.name, kind: 'assertion' })) return false;
        continue;
      }
      enabled++;
      if (!probe) {
        steps++;
        fired[a]!++;
      }
      d = (Math.imul(d ^ a, MIX) + 0x7f4a7c15) | 0;
      if (checkTwice) {
        for (let k = 0; k < W; k++) again.buf[k] = cur.buf[k]!;
        let ok = true;
        try {
          ok = guards[a]!(again);
          if (ok) effects[a]!(again);
        } catch {
          ok = false;
        }
        if (!ok || !sameWords(again.buf, next.buf)) return stop(Stop.fault);
      }
      if (props.length > 0 && !sameWords(cur.buf, next.buf)) {
        for (let k = 0; k < props.length; k++) {
          if (propSkip[k]) continue;
          let ok: boolean;
          try {
            ok = propChecks[k]!(cur, next, names[a]!);
          } catch {
            return stop(Stop.fault);
          }
          if (ok) continue;
          d = (Math.imul(d ^ (-1 - k), MIX) + 0x7f4a7c15) | 0;
          if (!violation(probe, { code, sub: k, name: props[k]!.name, kind: 'action' })) return false;
        }
      }
      let inside = true;
      try {
        if (constraint && !constraint(next)) inside = false;
        else if (actionConstraint && !actionConstraint(cur, next, names[a]!)) inside = false;
      } catch {
        return stop(Stop.fault);
      }
      if (!inside) {
        // Outside the model: its invariants are checked on the step, never stored.
        d = (Math.imul(d ^ 0x7fffffff, MIX) + 0x7f4a7c15) | 0;
        if (probe) continue;
        if (!evalInvariants()) return stop(Stop.fault);
        for (let k = 0; k < invs.length; k++) {
          if ((invFail[k >>> 5]! & (1 << (k & 31))) === 0) continue;
          if (!violation(probe, { code, sub: props.length + k, name: invs[k]!.name, kind: 'invariant' })) return false;
        }
        continue;
      }
      const key = keyOf ? keyOf(next.buf) : next.buf;
      fingerprint(key, W);
      const hi = nonZero(fp.hi);
      const lo = nonZero(fp.lo);
      d = (Math.imul(d ^ hi, MIX) + 0x7f4a7c15) | 0;
      d = (Math.imul(d ^ lo, MIX) + 0x7f4a7c15) | 0;
      if (probe) continue;
      // Met by this thread before: stored, with a key at most that discovery's, which is below this one's.
      if (recent.seen(hi, lo)) continue;
      const j = job!;
      const got = claim(j.table, mask, hi, lo, j.base + code, claimed);
      // Without symmetry or a view every discovery of a state has the inserter's words.
      if (got === KNOWN || (got !== NEW && !several)) continue;
      if (got === NEW && ++pending === j.batch) {
        pending = 0;
        if (Atomics.add(j.control, INSERTED, j.batch) + j.batch > j.room) return stop(Stop.full);
      }
      if (invs.length > 0) {
        if (!evalInvariants()) return stop(Stop.fault);
        if (!config.continue) for (let k = 0; k < invFail.length; k++) if (invFail[k] !== 0) return stop(Stop.violation);
      }
      pushEntry(claimed.slot, code, hi);
    }
    if (enabled === 0) {
      let isTerminal = false;
      if (terminal) {
        try {
          isTerminal = terminal(cur);
        } catch {
          return stop(Stop.fault);
        }
      }
      d = (Math.imul(d ^ (isTerminal ? 2 : 1), MIX) + 0x7f4a7c15) | 0;
      digest = d;
      if (!probe) {
        if (isTerminal) terminalStates++;
        else if (config.deadlock && !deadlockFound && !violation(probe, { code: base + A, sub: 0, name: 'deadlock', kind: 'deadlock' })) return false;
      }
    } else digest = d;
    return true;
  };

  /** Where the winning step `a` of parent `p` goes in the next level. */
  const rankOf = (winners: Uint32Array, offsets: Uint32Array, bases: Uint32Array, range: number, p: number, a: number): number => {
    let r = bases[Math.floor(p / range)]! + offsets[p]!;
    const base = p * MW;
    const w = a >>> 5;
    for (let k = 0; k < w; k++) r += popcount(winners[base + k]!);
    return r + popcount(winners[base + w]! & ((1 << (a & 31)) - 1));
  };

  return {
    expand(j, take = true) {
      job = j;
      count = 0;
      steps = 0;
      terminalStates = 0;
      pending = 0;
      fired = new Array<number>(A).fill(0);
      events = [];
      setFound(j.found);
      mask = j.table.length / SLOT - 1;
      if (j.base <= recentBase) recent.clear();
      recentBase = j.base;
      const { frontier, n, chunk, control } = j;
      const taken: number[] = [];
      work: while (take) {
        const c = Atomics.add(control, NEXT_CHUNK, 1);
        const from = c * chunk;
        if (from >= n || Atomics.load(control, STOP) !== 0) break;
        taken.push(c);
        const to = Math.min(n, from + chunk);
        for (let p = from; p < to; p++) {
          const at = p * W;
          for (let k = 0; k < W; k++) cur.buf[k] = frontier[at + k]!;
          if (!expandOne(j.start + p, p * A1, false)) break work;
          if (p === from) j.digests[c] = digest;
        }
      }
      if (pending > 0) Atomics.add(control, INSERTED, pending);
      return { taken, steps, terminal: terminalStates, fired, events };
    },

    rank({ winners }) {
      const { table, base } = job!;
      // Two passes: the reads of the table first (each a likely cache miss), then the atomic marks. An atomic
      // read-modify-write orders the loads around it, so interleaved with the reads it would take the misses
      // one at a time instead of several at once.
      for (let e = 0; e < count; e++) {
        // The least code among all discoveries; without symmetry or a view the inserter's entry stands for all of them.
        const code = table[SLOT * entries[e * E]! + 2]! - base;
        entries[e * E + 1] = several && code !== entries[e * E + 1] ? LOST : code;
      }
      for (let e = 0; e < count; e++) {
        const code = entries[e * E + 1]!;
        if (code === LOST) continue;
        const p = Math.floor(code / A1);
        const a = code - p * A1;
        Atomics.or(winners, p * MW + (a >>> 5), 1 << (a & 31));
      }
    },

    count({ winners, n, range, control, offsets, totals, peaks }) {
      // After expanding the state at position p, the sequential FIFO holds the n - p - 1 states after it and the new ones so far.
      for (;;) {
        const c = Atomics.add(control, 0, 1);
        const from = c * range;
        if (from >= n) break;
        const to = Math.min(n, from + range);
        let total = 0;
        let peak = -Infinity;
        for (let p = from; p < to; p++) {
          offsets[p] = total;
          let won = 0;
          for (let k = 0; k < MW; k++) won += popcount(winners[p * MW + k]!);
          if (won === 0) continue;
          total += won;
          if (n - p - 1 + total > peak) peak = n - p - 1 + total;
        }
        totals[c] = total;
        peaks[c] = peak;
      }
    },

    rehash({ from, to, range, control }) {
      const slots = from.length / SLOT;
      const mask = to.length / SLOT - 1;
      for (;;) {
        const start = Atomics.add(control, 0, 1) * range;
        if (start >= slots) break;
        rehash(from, start, Math.min(slots, start + range), to, mask);
      }
    },

    place({ winners, offsets, range, bases, next: out, nextStart, parents, actions: links }) {
      const { start } = job!;
      const produced = new Array<number>(A).fill(0);
      const placed: LevelEvent[] = [];
      for (let e = 0; e < count; e++) {
        let at = e * E + 1;
        const code = entries[at++]!;
        if (code === LOST) continue;
        const hi = entries[at++]!;
        const p = Math.floor(code / A1);
        const a = code - p * A1;
        const r = rankOf(winners, offsets, bases, range, p, a);
        const idx = nextStart + r;
        for (let k = 0; k < MI; k++) {
          const failed = entries[at + k]!;
          if (failed === 0) continue;
          for (let b = 0; b < 32; b++) {
            if ((failed & (1 << b)) === 0) continue;
            const inv = k * 32 + b;
            placed.push({ code, sub: props.length + inv, name: invs[inv]!.name, kind: 'invariant', state: idx });
          }
        }
        at += MI;
        const to = r * W;
        for (let k = 0; k < W; k++) out[to + k] = entries[at + k]!;
        const o = idx & LINK_MASK;
        parents[idx >>> LINK_BITS]![o] = start + p;
        links[idx >>> LINK_BITS]![o] = linkWord(a, hi);
        produced[a]!++;
      }
      count = 0;
      job = undefined;
      return { produced, events: placed };
    },

    digest(state, idx, found) {
      setFound(found);
      cur.buf.set(state);
      return expandOne(idx, 0, true) ? digest : 0x7ead;
    },
  };
}

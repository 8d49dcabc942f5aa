/**
 * `node dist/bench/traffic.js MODEL [K=V…]`: the traffic a hash-partitioned
 * exploration would cause, measured level by level on a full BFS (no
 * properties): states expanded, successors generated, new states, and for
 * 2, 8 and 64 partitions (owner = fingerprint mod P) the successors that
 * cross to another owner, before and after each sender drops its repeats
 * within the level. The numbers behind docs/adr/007-workers.md and
 * docs/adr/008-past-one-machine.md; one JSON line per level, then a total.
 */
import { buildModel, resolveKnobs } from '../checker';
import { fingerprint, fp } from '../checker/fingerprint';
import { FingerprintStore, NO_PARENT } from '../checker/store';
import { findModel } from '../models';

const PARTITIONS = [2, 8, 64];

function main(): void {
  const [name, ...sets] = process.argv.slice(2);
  const def = findModel(name!);
  if (!def) throw new Error(`unknown model ${name}`);
  const set = Object.fromEntries(sets.map((s) => s.split('=') as [string, string]));
  const model = buildModel(def, resolveKnobs(def, { set }));
  const W = model.layout.words;
  const store = new FingerprintStore();
  const cur = model.createView();
  const next = model.createView();
  let level: Uint32Array[] = [];
  let owners: number[] = [];
  for (let k = 0; k < model.initStates.length; k++) {
    const s = model.initStates.get(k);
    fingerprint(s, W);
    if (store.insert(fp.hi, fp.lo, NO_PARENT, 0) >= 0) {
      level.push(s.slice());
      owners.push(fp.lo);
    }
  }
  const total = { levels: 0, expanded: 0, generated: 0, distinct: level.length, cross: PARTITIONS.map(() => 0), crossUnique: PARTITIONS.map(() => 0) };
  for (let depth = 1; level.length > 0; depth++) {
    const nextLevel: Uint32Array[] = [];
    const nextOwners: number[] = [];
    let generated = 0;
    const cross = PARTITIONS.map(() => 0);
    // Per partition count, the (sender, successor) pairs already sent in this level.
    const sent = PARTITIONS.map(() => new Set<number>());
    for (let k = 0; k < level.length; k++) {
      cur.buf.set(level[k]!);
      for (const a of model.actions) {
        if (!a.guard(cur)) continue;
        next.buf.set(cur.buf);
        a.effect(next);
        generated++;
        fingerprint(next.buf, W);
        const { hi, lo } = fp;
        PARTITIONS.forEach((P, i) => {
          const from = owners[k]! % P;
          if (lo % P === from) return;
          cross[i]!++;
          sent[i]!.add(((hi % 2 ** 14) * 2 ** 32 + lo) * 64 + from);
        });
        if (store.insert(hi, lo, 0, 0) >= 0) {
          nextLevel.push(next.buf.slice());
          nextOwners.push(lo);
        }
      }
    }
    const row = { depth, expanded: level.length, generated, new: nextLevel.length, cross: Object.fromEntries(PARTITIONS.map((P, i) => [P, cross[i]])), crossUnique: Object.fromEntries(PARTITIONS.map((P, i) => [P, sent[i]!.size])) };
    process.stdout.write(JSON.stringify(row) + '\n');
    total.levels = depth;
    total.expanded += level.length;
    total.generated += generated;
    total.distinct += nextLevel.length;
    PARTITIONS.forEach((_, i) => {
      total.cross[i]! += cross[i]!;
      total.crossUnique[i]! += sent[i]!.size;
    });
    level = nextLevel;
    owners = nextOwners;
  }
  // One successor message: fingerprint (8 B), packed state (4 B a word), parent reference (8 B), action (2 B).
  process.stdout.write(JSON.stringify({ total, words: W, bytesPerSuccessor: 8 + 4 * W + 8 + 2 }) + '\n');
}

main();

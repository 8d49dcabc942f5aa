/**
 * The thread kit: PlusCal-like threads compiled to ordinary engine actions.
 *
 * A thread runs a program of labelled atomic steps. Each step has a guard
 * (the thread is blocked there while it is false) and an effect. Procedures
 * are shared step lists entered with `t.call` and left with `t.ret`, on a
 * bounded per-thread stack of return labels; a bottom half run by the polling
 * thread is simply a procedure called from that thread's poll step.
 *
 * Compilation: one engine action per (thread, step), named `<thread>:<step>`,
 * with `lane` = thread name and `source` = the step's `file:line function()`.
 * Per thread the kit declares `pc_<thread>` (an enum of the thread's labels
 * plus `unborn` and `done`) and, if the thread uses procedures,
 * `stack_<thread>` (a bounded sequence of return labels, bottom first).
 * The engine never sees threads.
 *
 * Termination and deadlock: `terminal(s)` holds when every thread is `unborn`
 * (a spawn slot never used), `done`, or a daemon whose `idle(s)` holds (e.g.
 * the main loop polling with nothing to dispatch). The kit adds no idle or
 * stutter action, so a state where nothing is enabled and `terminal` is false
 * is reported by the engine as a deadlock.
 *
 * Explain hooks (ModelBody.explain), for swimlanes and wait-for graphs:
 * `lanes` are the thread names; `frames(state)` gives each live thread's
 * frames, outermost first: the function (ThreadDef/ProcDef `frame`) each
 * stacked return label and the running label belong to; `waits(state)` asks
 * the step(s) at each live thread's label who it waits on (StepDef
 * `waitsFor`). A model adds `summary` itself.
 *
 * Display (ModelBody.display, plain JSON), for swimlane writers:
 *   { kind: 'threads', lanes: [thread names in declaration order],
 *     threads: { <name>: { pc: 'pc_<name>', stack: 'stack_<name>' | null, daemon: boolean } } }
 * A thread's frames, outermost first, are the `stack_<name>` list (return
 * labels) followed by the running label `pc_<name>`.
 *
 * Fairness (for liveness properties, docs/liveness.md): every thread is
 * weakly fair by default (ThreadDef `fair`), as operating-system threads
 * are: a thread that can keep running is eventually scheduled. Its steps
 * form one action (`weakFair({ lane })`). Acquiring a mutex or a semaphore
 * is then only weakly fair: a thread that finds a lock taken again and
 * again may wait forever (glibc's mutexes promise no order). A step marked
 * `fair: 'strong'` (or a thread `fair: 'strong'`) is strongly fair instead:
 * if it is enabled again and again, it is eventually taken. `compile()`
 * returns the conditions as `fairness`; pass them on in the model body.
 *
 * Not here: dynamic thread creation beyond declared slots, procedure
 * arguments (encode them in labels or in the calling thread's identity).
 */
import { argumentError, requireFunction, requireInt, requireName, strongFair, weakFair } from '../../checker';
import type { ActionDef, DecodedState, Explain, FairnessDef, Guard, Scalar, Seq, StateView, Vars, WaitFor } from '../../checker';
import { protocolMisuse, undeclared } from './misuse';

/** Label of a spawn slot not started yet. */
export const UNBORN = 'unborn';
/** Label of a thread that has finished. */
export const DONE = 'done';

/** One labelled atomic step of a thread's program or of a procedure. */
export interface StepDef {
  /** The label (program counter value) this step runs from. */
  readonly at: string;
  /** Action suffix when several steps share a label (a nondeterministic choice); default `at`. */
  readonly name?: string;
  /** `file:line function()` of the code the step stands for. */
  readonly source: string;
  /** Extra enabling condition; the thread is blocked at `at` while it is false. */
  readonly when?: (s: StateView) => boolean;
  /** Where control goes after the step, unless the effect transfers control itself. */
  readonly next?: string;
  /** The effect; may call `t.goto`, `t.call`, `t.ret`, `t.finish` (after `next` is applied). */
  readonly run?: (s: StateView) => void;
  /**
   * For wait-for graphs: when a thread sits at `at` with this step disabled,
   * what it waits on and who holds it (or would post it), read from the
   * decoded state (and, if it helps to name a step, the states that led to
   * it: Explain `waits`); undefined when it is not waiting on anything here.
   */
  readonly waitsFor?: (state: DecodedState, history?: readonly DecodedState[]) => { readonly on: string; readonly holder?: string } | undefined;
  /** `strong`: this step alone is strongly fair (e.g. taking a contended lock under a fair-lock assumption). */
  readonly fair?: 'strong';
}

/** A procedure: an entry label and steps whose labels are unique across the program. */
export interface ProcDef {
  readonly name: string;
  /** The function its frames show in traces, e.g. `bdrv_poll_co`; default `name`. */
  readonly frame?: string;
  readonly entry: string;
  /** Steps built per calling thread, so effects can refer to the thread. */
  readonly steps: (t: Thread) => readonly StepDef[];
}

/** A thread (or a spawn slot) and its program. */
export interface ThreadDef {
  readonly name: string;
  /** The function its own program's frame shows in traces, e.g. `kvm_cpu_exec`; default `name`. */
  readonly frame?: string;
  /** Label of the first step. */
  readonly entry: string;
  /** Running at the initial state (true) or a slot started by `spawn` (false). */
  readonly running: boolean;
  /** Daemon threads do not count as stuck while `idle` holds. */
  readonly daemon?: boolean;
  readonly idle?: (s: StateView, t: Thread) => boolean;
  readonly steps: (t: Thread) => readonly StepDef[];
  /** Procedures this thread may call. */
  readonly procs?: readonly ProcDef[];
  /** Bound of the call stack (default 4). */
  readonly maxDepth?: number;
  /** Fairness of the thread's steps as one action: `weak` (default: an OS thread keeps being scheduled), `strong`, or `none`. */
  readonly fair?: 'weak' | 'strong' | 'none';
}

/** A thread's handle at build time: its variables and control-flow operations. */
export class Thread {
  /** Position in declaration order. */
  readonly index: number;
  readonly pc: Scalar<string>;
  readonly stack: Seq<string> | undefined;
  private readonly codes: ReadonlyMap<string, number>;
  private readonly entries: ReadonlyMap<string, string>;

  constructor(
    readonly def: ThreadDef,
    index: number,
    labels: readonly string[],
    v: Vars,
  ) {
    this.index = index;
    this.pc = v.scalar(`pc_${def.name}`, v.oneOf(...labels));
    const procs = def.procs ?? [];
    this.stack = procs.length > 0 ? v.seq(`stack_${def.name}`, def.maxDepth ?? 4, v.oneOf(...labels)) : undefined;
    this.codes = new Map(labels.map((l, i) => [l, i]));
    this.entries = new Map(procs.map((p) => [p.name, p.entry]));
  }

  get name(): string {
    return this.def.name;
  }

  /** Whether `label` is one of this thread's labels. */
  hasLabel(label: string): boolean {
    return this.codes.has(label);
  }

  /** The code of a label (for fast pc tests). */
  codeOf(label: string): number {
    const c = this.codes.get(label);
    if (c === undefined) throw undeclared(`thread '${this.name}' has no label '${label}'`, `use one of its labels (${[...this.codes.keys()].join(', ')}); a label exists once some step has it as 'at' or 'next'`);
    return c;
  }

  /** The running label. */
  at(s: StateView): string {
    return s.get(this.pc);
  }

  /** Whether the thread is at `label` (fast: compares codes). */
  isAt(s: StateView, label: string): boolean {
    return s.code(this.pc) === this.codeOf(label);
  }

  /** Whether `label` is the running label or a return label on the stack (an open frame). */
  inFrame(s: StateView, label: string): boolean {
    if (this.isAt(s, label)) return true;
    return this.stack !== undefined && s.includes(this.stack, label);
  }

  /** Whether the thread has started and not finished. */
  isLive(s: StateView): boolean {
    const c = s.code(this.pc);
    return c !== this.codeOf(UNBORN) && c !== this.codeOf(DONE);
  }

  /** Continue at `label`. */
  goto(s: StateView, label: string): void {
    s.set(this.pc, label);
  }

  /** Call a procedure: push `returnTo`, continue at the procedure's entry. */
  call(s: StateView, proc: string, returnTo: string): void {
    const entry = this.entries.get(proc);
    if (entry === undefined || this.stack === undefined) throw undeclared(`thread '${this.name}' does not declare procedure '${proc}'`, `add it to the thread's procs (declared: ${[...this.entries.keys()].join(', ') || 'none'})`);
    s.push(this.stack, returnTo);
    s.set(this.pc, entry);
  }

  /** Return from the running procedure to the label on top of the stack. */
  ret(s: StateView): void {
    if (this.stack === undefined || s.len(this.stack) === 0) throw protocolMisuse(`thread '${this.name}' returns (t.ret) with an empty stack: it is not inside a procedure`, 'return only from a procedure entered with t.call; end the thread with t.finish');
    s.set(this.pc, s.removeAt(this.stack, s.len(this.stack) - 1));
  }

  /** The thread ends. */
  finish(s: StateView): void {
    s.set(this.pc, DONE);
  }

  /** Start this spawn slot (it must be unborn: a slot starts once). */
  spawn(s: StateView): void {
    if (!this.isAt(s, UNBORN)) throw protocolMisuse(`spawn of '${this.name}', which is already ${this.at(s)}: a slot starts once`, 'declare one spawn slot per thread created, or guard the step with isAt(s, UNBORN)');
    s.set(this.pc, this.def.entry);
  }
}

/** What `compileThreads` returns: parts of a ModelBody. */
export interface CompiledThreads {
  readonly actions: ActionDef[];
  readonly terminal: Guard;
  readonly display: Readonly<Record<string, unknown>>;
  /** Lanes, frames and wait-for edges for the writers (add a `summary` of your own). */
  readonly explain: Explain;
  /** Sets every running thread's pc to its entry (call it from `init`). */
  readonly init: (s: StateView) => void;
  /** Per-thread fairness (and strongly fair steps), for ModelBody.fairness. */
  readonly fairness: FairnessDef[];
}

/**
 * Builds threads in two phases because steps refer to other threads (spawn,
 * ownership): `declare` creates each thread's variables and handle; `compile`
 * then builds the steps and turns them into engine actions.
 */
export class ThreadKit {
  private readonly threads: Thread[] = [];

  constructor(private readonly v: Vars) {}

  /** Declares a thread or spawn slot; its labels are collected from its steps and procedures. */
  declare(def: ThreadDef): Thread {
    if (def === null || typeof def !== 'object') throw argumentError('kit.declare(def)', 'def', def, 'a thread: { name, entry, running, steps }');
    requireName('kit.declare(def)', 'def.name', def.name);
    requireName('kit.declare(def)', 'def.entry', def.entry);
    requireFunction('kit.declare(def)', 'def.steps', def.steps);
    if (def.maxDepth !== undefined) requireInt('kit.declare(def)', 'def.maxDepth', def.maxDepth, 1);
    if (this.threads.some((t) => t.name === def.name)) throw undeclared(`thread '${def.name}' declared twice`, `give each thread (and coroutine) its own name (declared: ${this.threads.map((t) => t.name).join(', ')})`);
    const labels = collectLabels(def);
    const t = new Thread(def, this.threads.length, labels, this.v);
    this.threads.push(t);
    return t;
  }

  /** The declared threads, in order. */
  get all(): readonly Thread[] {
    return this.threads;
  }

  /** Compiles every declared thread to actions, the terminal predicate and display data. */
  compile(): CompiledThreads {
    const actions: ActionDef[] = [];
    const fairness: FairnessDef[] = [];
    for (const t of this.threads) {
      const steps = allSteps(t);
      for (const step of steps) actions.push(toAction(t, step));
      const fair = t.def.fair ?? 'weak';
      if (fair !== 'none' && steps.length > 0) fairness.push({ ...(fair === 'weak' ? weakFair({ lane: t.name }) : strongFair({ lane: t.name })), name: `${fair === 'weak' ? 'WF' : 'SF'}(${t.name})` });
      for (const step of steps) if (step.fair === 'strong') fairness.push({ ...strongFair(`${t.name}:${step.name ?? step.at}`), name: `SF(${t.name}:${step.name ?? step.at})` });
    }
    const threads = this.threads;
    const terminal: Guard = (s) => {
      for (const t of threads) {
        if (!t.isLive(s)) continue;
        if (t.def.daemon && t.def.idle !== undefined && t.def.idle(s, t)) continue;
        return false;
      }
      return true;
    };
    const display = {
      kind: 'threads',
      lanes: threads.map((t) => t.name),
      threads: Object.fromEntries(
        threads.map((t) => [t.name, { pc: `pc_${t.name}`, stack: t.stack ? `stack_${t.name}` : null, daemon: t.def.daemon === true }]),
      ),
    };
    const init = (s: StateView) => {
      for (const t of threads) s.set(t.pc, t.def.running ? t.def.entry : UNBORN);
    };
    return { actions, terminal, display, explain: explainThreads(threads), init, fairness };
  }
}

/** The explain hooks of a set of threads: lanes, frames from the stacks, waits from the steps' `waitsFor`. */
function explainThreads(threads: readonly Thread[]): Explain {
  const frameOf = new Map<Thread, Map<string, string>>();
  const waiting = new Map<Thread, Map<string, { fn: NonNullable<StepDef['waitsFor']>; source: string }[]>>();
  for (const t of threads) {
    const frames = new Map<string, string>([[t.def.entry, t.def.frame ?? t.name]]);
    const waits = new Map<string, { fn: NonNullable<StepDef['waitsFor']>; source: string }[]>();
    const note = (steps: readonly StepDef[], frame: string) => {
      for (const st of steps) {
        if (!frames.has(st.at)) frames.set(st.at, frame);
        if (st.next !== undefined && !frames.has(st.next)) frames.set(st.next, frame);
        if (st.waitsFor) waits.set(st.at, [...(waits.get(st.at) ?? []), { fn: st.waitsFor, source: st.source }]);
      }
    };
    note(t.def.steps(t), t.def.frame ?? t.name);
    for (const p of t.def.procs ?? []) {
      frames.set(p.entry, p.frame ?? p.name);
      note(p.steps(t), p.frame ?? p.name);
    }
    frameOf.set(t, frames);
    waiting.set(t, waits);
  }
  const live = (state: DecodedState, t: Thread) => {
    const pc = state.get(`pc_${t.name}`) as string;
    return pc !== UNBORN && pc !== DONE ? pc : undefined;
  };
  return {
    lanes: threads.map((t) => t.name),
    frames: (state) => {
      const out: Record<string, string> = {};
      for (const t of threads) {
        const pc = live(state, t);
        if (pc === undefined) continue;
        const stack = t.stack ? ((state.get(`stack_${t.name}`) as { toArray(): string[] }).toArray()) : [];
        const frames = frameOf.get(t)!;
        out[t.name] = [...stack, pc].map((label) => frames.get(label) ?? label).join(' > ');
      }
      return out;
    },
    waits: (state, history) => {
      const out: WaitFor[] = [];
      for (const t of threads) {
        const pc = live(state, t);
        if (pc === undefined) continue;
        for (const w of waiting.get(t)!.get(pc) ?? []) {
          const edge = w.fn(state, history);
          if (edge && !out.some((e) => e.thread === t.name && e.on === edge.on)) {
            out.push({ thread: t.name, on: edge.on, ...(edge.holder !== undefined ? { holder: edge.holder } : {}), source: w.source });
          }
        }
      }
      return out;
    },
  };
}

function allSteps(t: Thread): StepDef[] {
  return [...t.def.steps(t), ...(t.def.procs ?? []).flatMap((p) => p.steps(t))];
}

function toAction(t: Thread, step: StepDef): ActionDef {
  const code = t.codeOf(step.at);
  const pc = t.pc;
  const when = step.when;
  const guard: Guard = when ? (s) => s.code(pc) === code && when(s) : (s) => s.code(pc) === code;
  const next = step.next;
  const run = step.run;
  const effect = (s: StateView) => {
    if (next !== undefined) s.set(pc, next);
    if (run) run(s);
  };
  const name = `${t.name}:${step.name ?? step.at}`;
  return { name, group: name, guard, effect, lane: t.name, source: step.source, data: { label: step.at } };
}

/**
 * The labels of a thread: `unborn`, `done`, then every `at` and `next` of its
 * steps and procedures, and every procedure entry, in first-seen order.
 * Labels reached only through `t.goto` must also appear as some step's `at`.
 */
function collectLabels(def: ThreadDef): string[] {
  const out = new Set<string>([UNBORN, DONE, def.entry]);
  // Steps are built against a stub thread (name known, no variables yet): only their labels are read here.
  const stub = Object.assign(Object.create(Thread.prototype) as Thread, { def, index: -1 });
  const add = (steps: readonly StepDef[]) => {
    for (const s of steps) {
      out.add(s.at);
      if (s.next !== undefined) out.add(s.next);
    }
  };
  add(def.steps(stub));
  for (const p of def.procs ?? []) {
    out.add(p.entry);
    add(p.steps(stub));
  }
  return [...out];
}

/**
 * Every domain constructor, declaration, knob and kit or qemu primitive
 * checks its arguments when the model is built (IL123), because a model file
 * runs without a type check: each row is a call TypeScript would reject,
 * and the message it must give instead of a silently wrong model or an
 * internal error later.
 */
import { action, boolKnob, buildModel, choose, defineModel, enumKnob, eventually, intKnob, leadsTo, Vars } from './index';
import { BhQueue, GSourceQueue, Mutex, QemuCond, Semaphore, Semaphores, ThreadKit } from '../models/kit';
import { AioContext, AioContextLock, AioWait, Bql, CoMutex, Coroutine, createGSources, EventNotifier, MultifdSems } from '../models/qemu';

/** Builds a one-variable model whose build first runs `misuse`. */
function buildWith(misuse: (v: Vars) => unknown): () => unknown {
  const def = defineModel({
    name: 'test/misuse',
    build: (_k, v) => {
      misuse(v);
      return { init: () => {}, actions: [] };
    },
  });
  return () => buildModel(def, {});
}

const ctx = (v: Vars) => new AioContext(v, { name: 'main', home: 'main', bhs: [] }, ['main']);
const any = (x: unknown) => x as never;

describe('arguments of the modelling API are checked at run time (IL123)', () => {
  it.each<[string, (v: Vars) => unknown, string]>([
    ['v.enum with an array', (v) => v.enum(any(['wait', 'done'])), 'v.enum(...names): the list of names is ["wait", "done"] (an array), but must be given as arguments, not in an array'],
    ['v.enum with no names', (v) => v.enum(), 'v.enum(...names): the list of names is [] (an array), but must be an array of at least 1 distinct names (strings)'],
    ['v.enum with a name twice', (v) => v.enum('a', 'b', 'a'), "remove the second 'a'"],
    ['v.oneOf with a number', (v) => v.oneOf('a', any(3)), 'v.enum(...names): the list of names (each element) is 3 (a number), but must be a non-empty string'],
    ['v.int with a string', (v) => v.int(any('0'), 3), 'v.int(lo, hi): lo is "0" (a string), but must be an integer'],
    ['v.int with a fraction', (v) => v.int(0, 2.5), 'v.int(lo, hi): hi is 2.5 (a number), but must be an integer'],
    ['v.int with an empty range', (v) => v.int(3, 1), 'v.int(lo, hi): hi is 1 (a number), but must be at least lo (3): 3..1 is empty'],
    ['v.int with more than 2^31 values', (v) => v.int(0, 2 ** 32), 'but must be at most 2^31 values'],
    ['v.threadId with names as arguments', (v) => v.threadId(any('main')), 'v.threadId(threads): threads is "main" (a string), but must be an array of distinct names (strings)'],
    ['v.threadId listing none', (v) => v.threadId(['none', 'main']), "'none' is added by v.threadId(threads) itself"],
    ['v.scalar with a number for a name', (v) => v.scalar(any(1), v.bool()), 'v.scalar(name, domain): name is 1 (a number), but must be a non-empty string'],
    ['v.scalar with no name', (v) => v.scalar(any(undefined), v.bool()), 'v.scalar(name, domain): name is nothing (undefined), but must be a non-empty string'],
    ['v.scalar with the constructor, not a domain', (v) => v.scalar('x', any(v.bool)), 'v.scalar(name, domain): domain is a function, but must be a domain'],
    ['v.scalar with a number for a domain', (v) => v.scalar('x', any(3)), 'v.scalar(name, domain): domain is 3 (a number), but must be a domain'],
    ['v.array with a negative length', (v) => v.array('a', -1, v.bool()), 'v.array(name, n, domain): n is -1 (a number), but must be an integer of at least 0'],
    ['v.array with the length last', (v) => v.array('a', any(v.bool()), any(2)), 'v.array(name, n, domain): n is an object, but must be an integer of at least 0'],
    ['v.record with no fields', (v) => v.record('r', {}), 'v.record(name, shape): shape is an object, but must be an object of at least one field'],
    ['v.record with a field that is no domain', (v) => v.record('r', { a: any(1) }), "v.record(name, shape): field 'a' is 1 (a number), but must be a domain"],
    ['v.records with a bad field name', (v) => v.records('r', 2, { 'a-b': v.bool() }), "v.records(name, n, shape): a field name is \"a-b\" (a string), but must be an identifier"],
    ['v.seq with a fractional bound', (v) => v.seq('q', 1.5, v.bool()), 'v.seq(name, maxLen, domain): maxLen is 1.5 (a number), but must be an integer of at least 0'],
    ['v.value with no name', (v) => v.value(any(null), 0), 'v.value(name, initial): name is null, but must be a non-empty string'],
    ['action without an effect', () => action('A', null, any(undefined)), 'action(name, guard, effect): effect is nothing (undefined), but must be a function'],
    ['action with a boolean guard', () => action('A', any(true), () => {}), 'action(name, guard, effect): guard (or null) is true (a boolean), but must be a function'],
    ['action with no name', () => action(any(undefined), null, () => {}), 'action(name, guard, effect): name is nothing (undefined), but must be a non-empty string'],
    ['choose over a number', () => choose('C', any(3), null, () => {}), 'choose(name, choices, guard, effect): choices is 3 (a number), but must be an array of the values to choose from'],
    ['eventually of a boolean', () => eventually(any(true)), 'eventually(P): P is true (a boolean), but must be a function'],
    ['leadsTo with one predicate', () => leadsTo(() => true, any(undefined)), 'leadsTo(P, Q): Q is nothing (undefined), but must be a function'],
    ['intKnob with its default outside', () => intKnob(1, 3, 5), 'intKnob(min, max, default): default is 5 (a number), but must be in 1..3'],
    ['boolKnob with a string', () => boolKnob(any('true')), 'boolKnob(default): default is "true" (a string), but must be true or false'],
    ['enumKnob with a default not listed', () => enumKnob(['a', 'b'], any('c')), "enumKnob(values, default): default is \"c\" (a string), but must be one of 'a', 'b'"],
    ['Mutex with one thread name for the list', (v) => new Mutex(v, 'm', any('main')), 'new Mutex(v, name, threads): threads is "main" (a string), but must be an array of distinct names (strings)'],
    ['Mutex owned by a stranger', (v) => new Mutex(v, 'm', ['a', 'b'], 'c'), "new Mutex(v, name, threads, initialOwner): initialOwner is \"c\" (a string), but must be one of 'none', 'a', 'b'"],
    ['Semaphore with a max of 0', (v) => new Semaphore(v, 's', 0), 'new Semaphore(v, name, max): max is 0 (a number), but must be an integer of at least 1'],
    ['Semaphores with no count', (v) => new Semaphores(v, 's', any(undefined), 1), 'new Semaphores(v, name, n, max): n is nothing (undefined), but must be an integer of at least 1'],
    ['BhQueue with kinds as a string', (v) => new BhQueue(v, 'bh', any('a')), 'new BhQueue(v, name, kinds): kinds is "a" (a string)'],
    ['GSourceQueue with the kind none', (v) => new GSourceQueue(v, 'g', 1, ['none']), "'none' is added by new GSourceQueue(v, name, n, kinds) itself"],
    ['QemuCond over a thread name, not a Mutex', (v) => new QemuCond(v, 'c', any('m'), ['a']), 'new QemuCond(v, name, mutex, waiters): mutex is "m" (a string), but must be a Mutex'],
    ['QemuCond with no waiters', (v) => new QemuCond(v, 'c', new Mutex(v, 'm', ['a']), []), 'new QemuCond(v, name, mutex, waiters): waiters is [] (an array), but must be an array of at least 1 distinct names'],
    ['a thread with no steps', (v) => new ThreadKit(v).declare(any({ name: 't', entry: 'a', running: true })), 'kit.declare(def): def.steps is nothing (undefined), but must be a function'],
    ['Bql taken by a stranger', (v) => new Bql(v, ['main'], 'vcpu0'), "new Bql(v, threads, initialOwner): initialOwner is \"vcpu0\" (a string), but must be one of 'none', 'main'"],
    ['MultifdSems with no channels', (v) => new MultifdSems(v, 0), 'new MultifdSems(v, n): n is 0 (a number), but must be an integer of at least 1'],
    ['createGSources with a string count', (v) => createGSources(v, any('2')), 'createGSources(v, n): n is "2" (a string), but must be an integer of at least 1'],
    ['EventNotifier with no name', (v) => new EventNotifier(v, any(undefined)), 'new EventNotifier(v, name): name is nothing (undefined), but must be a non-empty string'],
    ['AioContext whose home is not a thread', (v) => new AioContext(v, { name: 'main', home: 'io', bhs: [] }, ['main']), "new AioContext(v, def, threads): def.home is \"io\" (a string), but must be one of 'main'"],
    ['AioWait on a context name', (v) => new AioWait(v, any('main')), 'new AioWait(v, main): main is "main" (a string), but must be an AioContext'],
    ['AioContextLock with depth 0', (v) => new AioContextLock(v, ctx(v), ['main'], 0), 'new AioContextLock(v, ctx, threads, maxDepth): maxDepth is 0 (a number), but must be an integer of at least 1'],
    ['CoMutex over no coroutines', (v) => new CoMutex(v, 'cm', []), 'new CoMutex(v, name, names): names is [] (an array), but must be an array of at least 1 distinct names'],
    ['Coroutine without enterers', (v) => new Coroutine(new ThreadKit(v), v, any({ name: 'co', entry: 'a', ctx: ctx(v), steps: () => [] })), 'new Coroutine(kit, v, def): def.enterers is nothing (undefined)'],
  ])('%s', (_what, misuse, words) => {
    const build = buildWith(misuse);
    expect(build).toThrow(expect.objectContaining({ code: 'IL123', kind: 'model' }));
    // The words are in the message or in the hint (what to try).
    const e = (() => {
      try {
        build();
      } catch (x) {
        return x as { message: string; hint?: string };
      }
      throw new Error('no error');
    })();
    expect(`${e.message}\n  try: ${e.hint ?? ''}`).toContain(words);
  });

  it('accepts the calls the built-in models make (they all build: see models/*.test.ts) and these edge cases', () => {
    expect(buildWith((v) => [v.int(-3, -3), v.enum('only'), v.threadId([]), v.array('a', 0, v.bool()), v.seq('q', 0, v.bool()), new BhQueue(v, 'bh', [])])).not.toThrow();
  });
});

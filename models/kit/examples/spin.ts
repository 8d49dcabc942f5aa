/**
 * A hang the deadlock check cannot see: the main thread waits for a job in a
 * polling loop (`AIO_WAIT_WHILE(ctx, !job->done)` shape: test the condition,
 * `aio_poll(ctx, false)`, test again), and with knob `lost_completion` the
 * worker finishes without ever setting `done`. Some step is always enabled, so
 * there is no deadlock; the liveness property `WaitEnds` (<> main has left the
 * loop) fails with a lasso whose cycle is the two steps of the loop.
 * With the completion fixed, `WaitEnds` holds under the kit's per-thread weak
 * fairness; with `fair=false` it fails by stuttering in the initial state,
 * because without fairness TLA+ lets a behaviour stop anywhere.
 */
import { boolKnob, defineModel, eventually } from '../../../checker';
import { ThreadKit } from '..';

export default defineModel({
  name: 'kit/spin',
  description: 'A polling loop whose condition nobody makes true: no deadlock, but WaitEnds fails',
  knobs: {
    lost_completion: boolKnob(true, 'the worker returns without setting done (the bug)'),
    fair: boolKnob(true, 'threads are weakly fair (as OS threads are)'),
  },
  build: ({ lost_completion, fair }, v) => {
    const done = v.scalar('done', v.bool());
    const kit = new ThreadKit(v);
    const main = kit.declare({
      name: 'main',
      frame: 'wait_for_job',
      entry: 'wait.check',
      running: true,
      fair: fair ? 'weak' : 'none',
      steps: (t) => [
        { at: 'wait.check', source: 'job.c:40 wait_for_job() AIO_WAIT_WHILE(ctx, !job->done): test the condition', run: (s) => (s.get(done) ? t.finish(s) : t.goto(s, 'wait.poll')) },
        { at: 'wait.poll', source: 'job.c:40 wait_for_job() aio_poll(ctx, false): nothing to dispatch', next: 'wait.check' },
      ],
    });
    kit.declare({
      name: 'worker',
      frame: 'job_run',
      entry: 'work',
      running: true,
      fair: fair ? 'weak' : 'none',
      steps: (t) => [
        { at: 'work', source: 'job.c:20 job_run() the job does its work', next: 'complete' },
        {
          at: 'complete',
          source: lost_completion ? 'job.c:25 job_run() error path: return without job->done = true' : 'job.c:26 job_run() job->done = true; aio_wait_kick()',
          run: (s) => {
            if (!lost_completion) s.set(done, true);
            t.finish(s);
          },
        },
      ],
    });
    const compiled = kit.compile();
    return {
      init: (s) => compiled.init(s),
      actions: compiled.actions,
      liveness: {
        WaitEnds: eventually((s) => main.isAt(s, 'done'), 'the main thread eventually leaves the wait loop'),
      },
      fairness: compiled.fairness,
      terminal: compiled.terminal,
      display: compiled.display,
      explain: compiled.explain,
    };
  },
});

/**
 * AlternatingBit: the alternating-bit protocol of Lamport's "Specifying
 * Systems" (chapter 14), from tlaplus/Examples, specifications/
 * SpecifyingSystems/TLC/AlternatingBit.tla and MCAlternatingBit.tla (read
 * from the fork ahelwer/Examples at commit
 * 8b1a53fc15230eccb62c169707fe1a386b21220f). A sender and a receiver talk
 * through two lossy FIFO queues, `msgQ` of <<bit, data>> pairs and `ackQ`
 * of bits, held as interned Immutable.js Lists. MCAlternatingBit bounds them
 * with the state constraint SeqConstraint (TLC's CONSTRAINT): a successor
 * with a longer queue is generated and checked, never stored or expanded.
 *
 * Counting as TLC: `\E d \in Data : SndNewValue(d)` is a choice per d, and
 * Lose(q)'s `\E i \in 1..Len(q)` a choice per position i (`chooseFrom`,
 * the positions of the queue as it is), also when two positions hold equal
 * elements and give the same successor. ABInit is `initProduct` over sBit,
 * sent and rcvd.
 *
 * Constants: the .cfg is not in the stored copies; Data = {d1, d2} and both
 * queue bounds 2 are the sizes whose counts equal the manifest's (240
 * distinct, 392 generated, depth 10). Checked: ABTypeInv and the liveness
 * property SentLeadsToRcvd under ABFairness. The refinement of
 * ABCorrectness (INSTANCE ABCorrectness) is not checked here.
 */
import { List } from 'immutable';
import { action, choose, chooseFrom, defineModel, initProduct, intKnob, leadsTo, range, strongFair, weakFair } from '../../checker';

type Msg = List<number | string>; // <<bit, d>>

export default defineModel({
  name: 'tla/alternatingbit',
  description: "Alternating-bit protocol (Lamport, Specifying Systems): lossy message queues under a state constraint",
  knobs: {
    data: intKnob(1, 3, 2, 'number of data values d1, d2, ...'),
    msgQLen: intKnob(1, 4, 2, 'SeqConstraint: longest msgQ kept'),
    ackQLen: intKnob(1, 4, 2, 'SeqConstraint: longest ackQ kept'),
  },
  build: ({ data, msgQLen, ackQLen }, v) => {
    const Data = range(data).map((k) => `d${k + 1}`);
    const msgQ = v.value('msgQ', List<Msg>());
    const ackQ = v.value('ackQ', List<number>());
    const sBit = v.scalar('sBit', v.int(0, 1));
    const sAck = v.scalar('sAck', v.int(0, 1));
    const rBit = v.scalar('rBit', v.int(0, 1));
    const sent = v.scalar('sent', v.oneOf(...(Data as [string, ...string[]])));
    const rcvd = v.scalar('rcvd', v.oneOf(...(Data as [string, ...string[]])));

    // ABInit: empty queues (the defaults), sBit \in {0, 1}, sAck = sBit, rBit = sBit, sent \in Data, rcvd \in Data.
    const init = initProduct({ over: [sBit, sent, rcvd], assign: (s) => { s.set(sAck, s.get(sBit)); s.set(rBit, s.get(sBit)); } });
    const SndNewValue = choose('SndNewValue', Data, (s) => s.get(sAck) === s.get(sBit), (s, d) => {
      const bit = 1 - s.get(sBit); // sBit', which msgQ' appends
      s.set(sent, d);
      s.set(sBit, bit);
      s.set(msgQ, s.get(msgQ).push(List<number | string>([bit, d])));
    });
    const ReSndMsg = action('ReSndMsg', (s) => s.get(sAck) !== s.get(sBit),
      (s) => s.set(msgQ, s.get(msgQ).push(List<number | string>([s.get(sBit), s.get(sent)]))));
    const RcvMsg = action('RcvMsg', (s) => !s.get(msgQ).isEmpty(), (s) => {
      const head = s.get(msgQ).first()!;
      s.set(msgQ, s.get(msgQ).shift());
      s.set(rBit, head.get(0) as number);
      s.set(rcvd, head.get(1) as string);
    });
    const SndAck = action('SndAck', null, (s) => s.set(ackQ, s.get(ackQ).push(s.get(rBit))));
    const RcvAck = action('RcvAck', (s) => !s.get(ackQ).isEmpty(), (s) => {
      s.set(sAck, s.get(ackQ).first()!);
      s.set(ackQ, s.get(ackQ).shift());
    });
    // Lose(q): \E i \in 1..Len(q) : q' = q without its i-th element.
    const positions = (len: number) => range(len).map((k) => k + 1);
    const LoseMsg = chooseFrom('LoseMsg', (s) => positions(s.get(msgQ).size), (s, i) => s.set(msgQ, s.pre.get(msgQ).delete(i - 1)));
    const LoseAck = chooseFrom('LoseAck', (s) => positions(s.get(ackQ).size), (s, i) => s.set(ackQ, s.pre.get(ackQ).delete(i - 1)));
    return {
      init,
      actions: [SndNewValue, ReSndMsg, RcvMsg, SndAck, RcvAck, LoseMsg, LoseAck],
      // SeqConstraint == Len(msgQ) <= msgQLen /\ Len(ackQ) <= ackQLen
      constraint: (s) => s.get(msgQ).size <= msgQLen && s.get(ackQ).size <= ackQLen,
      invariants: {
        ABTypeInv: (s) => s.get(msgQ).every((m) => m.size === 2 && (m.get(0) === 0 || m.get(0) === 1) && Data.includes(m.get(1) as string))
          && s.get(ackQ).every((b) => b === 0 || b === 1),
      },
      liveness: Object.fromEntries(Data.map((d) => [`SentLeadsToRcvd(${d})`,
        leadsTo((s) => s.get(sent) === d && s.get(sBit) !== s.get(sAck), (s) => s.get(rcvd) === d, `(sent = ${d}) /\\ (sBit # sAck) ~> (rcvd = ${d})`)])),
      // ABFairness
      fairness: [
        { ...weakFair('ReSndMsg'), name: 'WF_abvars(ReSndMsg)' },
        { ...weakFair('SndAck'), name: 'WF_abvars(SndAck)' },
        { ...strongFair('RcvMsg'), name: 'SF_abvars(RcvMsg)' },
        { ...strongFair('RcvAck'), name: 'SF_abvars(RcvAck)' },
      ],
    };
  },
});

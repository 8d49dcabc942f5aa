/**
 * AlternatingBit: the alternating-bit protocol of Lamport's "Specifying
 * Systems" (chapter 14), from tlaplus/Examples, specifications/
 * SpecifyingSystems/TLC/AlternatingBit.tla and MCAlternatingBit.tla (read
 * from the fork ahelwer/Examples at commit
 * 8b1a53fc15230eccb62c169707fe1a386b21220f). A sender and a receiver talk
 * through two lossy FIFO queues, `msgQ \in Seq({0, 1} \X Data)` and `ackQ
 * \in Seq({0, 1})`, declared with those (unbounded, interned) domains and
 * written with `append`, `head`, `tail`, `subSeq` and `concat` as the spec
 * writes them. MCAlternatingBit bounds them with the state constraint
 * SeqConstraint (TLC's CONSTRAINT): a successor with a longer queue is
 * generated and checked, never stored or expanded.
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
import { action, append, apply, choose, chooseFrom, concat, defineModel, head, initProduct, intKnob, interval, isIn, leadsTo, len, members, range, strongFair, subSeq, tail, tuple, weakFair } from '../../checker';
import type { Immutable } from '../../checker';

/** Remove(i, q): q without its i-th element. */
const remove = <T>(i: number, q: Immutable.List<T>) => concat(subSeq(q, 1, i - 1), subSeq(q, i + 1, len(q)));

export default defineModel({
  name: 'tla/alternatingbit',
  description: "Alternating-bit protocol (Lamport, Specifying Systems): lossy message queues under a state constraint",
  knobs: {
    data: intKnob(1, 3, 2, 'number of data values d1, d2, ...'),
    msgQLen: intKnob(1, 4, 2, 'SeqConstraint: longest msgQ kept'),
    ackQLen: intKnob(1, 4, 2, 'SeqConstraint: longest ackQ kept'),
  },
  build: ({ data, msgQLen, ackQLen }, v) => {
    // CONSTANT Data: model values d1, d2, ...
    const Data = v.oneOf(...(range(data).map((k) => `d${k + 1}`) as [string, ...string[]]));
    const Bit = v.int(0, 1);
    // ABTypeInv types the variables: msgQ \in Seq({0, 1} \X Data), ackQ \in Seq({0, 1}), the rest scalars.
    const MsgQ = v.seqOf(v.tupleOf(Bit, Data));
    const AckQ = v.seqOf(Bit);
    const msgQ = v.scalar('msgQ', MsgQ);
    const ackQ = v.scalar('ackQ', AckQ);
    const sBit = v.scalar('sBit', Bit);
    const sAck = v.scalar('sAck', Bit);
    const rBit = v.scalar('rBit', Bit);
    const sent = v.scalar('sent', Data);
    const rcvd = v.scalar('rcvd', Data);

    // ABInit: empty queues (the defaults), sBit \in {0, 1}, sAck = sBit, rBit = sBit, sent \in Data, rcvd \in Data.
    const init = initProduct({ over: [sBit, sent, rcvd], assign: (s) => { s.set(sAck, s.get(sBit)); s.set(rBit, s.get(sBit)); } });
    // SndNewValue(d) == sAck = sBit /\ sent' = d /\ sBit' = 1 - sBit /\ msgQ' = Append(msgQ, <<sBit', d>>)
    const SndNewValue = choose('SndNewValue', members(Data), (s) => s.get(sAck) === s.get(sBit), (s, d) => {
      s.set(sent, d);
      s.set(sBit, 1 - s.pre.get(sBit));
      s.set(msgQ, append(s.get(msgQ), tuple<number | string>(s.get(sBit), d)));
    });
    // ReSndMsg == sAck # sBit /\ msgQ' = Append(msgQ, <<sBit, sent>>)
    const ReSndMsg = action('ReSndMsg', (s) => s.get(sAck) !== s.get(sBit),
      (s) => s.set(msgQ, append(s.get(msgQ), tuple<number | string>(s.get(sBit), s.get(sent)))));
    // RcvMsg == msgQ # <<>> /\ msgQ' = Tail(msgQ) /\ rBit' = Head(msgQ)[1] /\ rcvd' = Head(msgQ)[2]
    const RcvMsg = action('RcvMsg', (s) => len(s.get(msgQ)) > 0, (s) => {
      s.set(msgQ, tail(s.pre.get(msgQ)));
      s.set(rBit, apply(head(s.pre.get(msgQ)), 1) as number);
      s.set(rcvd, apply(head(s.pre.get(msgQ)), 2) as string);
    });
    // SndAck == ackQ' = Append(ackQ, rBit)
    const SndAck = action('SndAck', null, (s) => s.set(ackQ, append(s.get(ackQ), s.get(rBit))));
    // RcvAck == ackQ # << >> /\ sAck' = Head(ackQ) /\ ackQ' = Tail(ackQ)
    const RcvAck = action('RcvAck', (s) => len(s.get(ackQ)) > 0, (s) => {
      s.set(sAck, head(s.pre.get(ackQ)));
      s.set(ackQ, tail(s.pre.get(ackQ)));
    });
    // Lose(q) == q # << >> /\ \E i \in 1..Len(q) : q' = Remove(i, q), one step per position i.
    const LoseMsg = chooseFrom('LoseMsg', (s) => interval(1, len(s.get(msgQ))).toArray(), (s, i) => s.set(msgQ, remove(i, s.pre.get(msgQ))));
    const LoseAck = chooseFrom('LoseAck', (s) => interval(1, len(s.get(ackQ))).toArray(), (s, i) => s.set(ackQ, remove(i, s.pre.get(ackQ))));
    return {
      init,
      actions: [SndNewValue, ReSndMsg, RcvMsg, SndAck, RcvAck, LoseMsg, LoseAck],
      // SeqConstraint == Len(msgQ) <= msgQLen /\ Len(ackQ) <= ackQLen
      constraint: (s) => len(s.get(msgQ)) <= msgQLen && len(s.get(ackQ)) <= ackQLen,
      invariants: {
        // ABTypeInv == msgQ \in Seq({0, 1} \X Data) /\ ackQ \in Seq({0, 1}) /\ sBit, sAck, rBit \in {0, 1} /\ sent, rcvd \in Data:
        // the variables' domains, which every write is checked against; the sequences restated here.
        ABTypeInv: (s) => isIn(s.get(msgQ), MsgQ) && isIn(s.get(ackQ), AckQ),
      },
      liveness: Object.fromEntries(members(Data).map((d) => [`SentLeadsToRcvd(${d})`,
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

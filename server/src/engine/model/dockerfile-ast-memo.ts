import { Instruction, type Argument } from 'dockerfile-ast';

/**
 * dockerfile-ast recomputes an instruction's arguments on every call (a scan of its text that allocates a
 * position per argument), and calls it from most of its other getters (flags, image, ranges, content): a
 * 5,000-line Dockerfile spent a quarter of its analysis there. An instruction's arguments depend only on
 * what it was constructed with (its document, range and escape character, never changed after), so each
 * instance keeps its first answer; callers get their own copy of the list (ModifiableInstruction shifts
 * its flags off the list it gets).
 */
type RawArguments = (this: Instruction) => Argument[];
const proto = Instruction.prototype as unknown as { getRawArguments: RawArguments & { memoized?: true } };
const compute = proto.getRawArguments;
if (!compute.memoized) {
  const known = new WeakMap<Instruction, Argument[]>();
  const memoized: RawArguments & { memoized?: true } = function getRawArguments(this: Instruction): Argument[] {
    let args = known.get(this);
    if (!args) {
      args = compute.call(this);
      known.set(this, args);
    }
    return args.slice();
  };
  memoized.memoized = true;
  proto.getRawArguments = memoized;
}

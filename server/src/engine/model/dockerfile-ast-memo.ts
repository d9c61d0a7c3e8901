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
/** Where an instruction keeps its arguments: on itself (a WeakMap's lookups cost more than the scan they save, and burden the collector). */
const ARGUMENTS = Symbol('xbd.arguments');
type Keeping = Instruction & { [ARGUMENTS]?: Argument[] };
if (!compute.memoized) {
  const memoized: RawArguments & { memoized?: true } = function getRawArguments(this: Keeping): Argument[] {
    const args = (this[ARGUMENTS] ??= compute.call(this));
    return args.slice();
  };
  memoized.memoized = true;
  proto.getRawArguments = memoized;
}

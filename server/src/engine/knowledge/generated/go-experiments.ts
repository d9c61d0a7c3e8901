// TEMPORARY STUB (lead): replaced by scripts/gen-go-knowledge.mjs output.
import type { GoVersion } from '../go-versions';
const e = ['aliastypeparams', 'arenas', 'boringcrypto', 'cgocheck2', 'coverageredesign', 'fieldtrack', 'heapminimum512kib', 'loopvar', 'newinliner', 'preemptibleloops', 'rangefunc', 'regabiargs', 'regabiwrappers', 'staticlockranking', 'swissmap', 'synctest', 'greenteagc', 'jsonv2'];
export const EXPERIMENTS: Record<GoVersion, readonly string[]> = { '1.21': e, '1.22': e, '1.23': e, '1.24': e, '1.25': e, '1.26': e, '1.27': e };

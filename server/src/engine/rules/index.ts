import type { Rule } from './rule';
import { XB101 } from './XB101-unknown-goos';
import { XB102 } from './XB102-unknown-goarch';
import { XB103 } from './XB103-unsupported-port';
import { XB104 } from './XB104-invalid-subarch';
import { XB105 } from './XB105-subarch-for-other-arch';
import { XB106 } from './XB106-unknown-goexperiment';
import { XB107 } from './XB107-arm-without-goarm';

/** Every rule, in code order. A new rule is one file here and one line in this list. */
export const RULES: readonly Rule[] = [XB101, XB102, XB103, XB104, XB105, XB106, XB107];

import type { Rule } from './rule';
import { XB101 } from './XB101-unknown-goos';
import { XB102 } from './XB102-unknown-goarch';
import { XB103 } from './XB103-unsupported-port';
import { XB104 } from './XB104-invalid-subarch';
import { XB105 } from './XB105-subarch-for-other-arch';
import { XB106 } from './XB106-unknown-goexperiment';
import { XB107 } from './XB107-arm-without-goarm';
import { XB201 } from './XB201-cgo-binary-without-libc';
import { XB202 } from './XB202-cross-cgo-without-cc';
import { XB203 } from './XB203-cgo-only-module';
import { XB204 } from './XB204-needs-cgo';
import { XB205 } from './XB205-ldflags-static';
import { XB206 } from './XB206-static-glibc-without-netgo';
import { XB207 } from './XB207-cgo-without-c-compiler';
import { XB208 } from './XB208-cc-variant-ignored';
import { XB209 } from './XB209-cc-for-other-target';
import { XB210 } from './XB210-cgo-enabled-not-0-or-1';
import { XB211 } from './XB211-flag-not-supported-on-port';
import { XB212 } from './XB212-extldflags-static-internal-link';
import { XB213 } from './XB213-goflags-malformed';
import { XB301 } from './XB301-emulated-go-build';
import { XB302 } from './XB302-build-platform-binary';
import { XB303 } from './XB303-global-arg-not-declared';
import { XB304 } from './XB304-constant-from-platform';
import { XB305 } from './XB305-redundant-target-platform';
import { XB306 } from './XB306-hardcoded-goarch-multiplatform';
import { XB307 } from './XB307-binary-platform-mismatch';
import { XB308 } from './XB308-undefined-arg-in-from';
import { XB309 } from './XB309-platform-arg-default';
import { XB310 } from './XB310-image-stage-pinned';
import { XB401 } from './XB401-goenv-foreign-target';
import { XB402 } from './XB402-goroot-not-this-go';
import { XB403 } from './XB403-gobin-not-on-path';
import { XB404 } from './XB404-goenv-build-settings';
import { XB405 } from './XB405-go-env-w-in-build';
import { XB501 } from './XB501-unexported-shell-variable';
import { XB502 } from './XB502-assignment-on-earlier-recipe-line';
import { XB503 } from './XB503-run-foreign-binary';
import { XB504 } from './XB504-make-variable-not-exported';
import { XB505 } from './XB505-make-value-trailing-blanks';
import { XB601 } from './XB601-cgo-files-excluded';
import { XB701 } from './XB701-goreleaser-cgo-default';
import { XB702 } from './XB702-goreleaser-docker-platform';
import { XB703 } from './XB703-runner-context-as-go-name';
import { XB704 } from './XB704-matrix-platform-not-passed';
import { XB705 } from './XB705-build-arg-sets-platform-arg';
import { XB706 } from './XB706-goreleaser-cgo-cross-without-cc';
import { XB707 } from './XB707-goreleaser-image-platform-not-built';
import { XB708 } from './XB708-image-stage-platform-not-built';

/**
 * Every rule, in code order. A new rule is one file here and one line in this list. analyze runs a rule's
 * check only on models of the kinds it lists, which is what makes each rule's narrower model type safe;
 * TypeScript cannot relate Rule<'dockerfile'> to Rule through ModelOf, hence the cast.
 */
export const RULES = [XB101, XB102, XB103, XB104, XB105, XB106, XB107, XB201, XB202, XB203, XB204, XB205, XB206, XB207, XB208, XB209, XB210, XB211, XB212, XB213, XB301, XB302, XB303, XB304, XB305, XB306, XB307, XB308, XB309, XB310, XB401, XB402, XB403, XB404, XB405, XB501, XB502, XB503, XB504, XB505, XB601, XB701, XB702, XB703, XB704, XB705, XB706, XB707, XB708] as readonly Rule<any>[] as readonly Rule[];

/* spec_fuzz.c - libFuzzer target for the whole front end: bytes -> spec
 * (spec_load_mem) -> check_spec -> plan -> both emitters into memory
 * (the ARM one allowed to split, as `vnetc build` does), as `vnetc build`
 * runs them, diagnostics silenced. A crash, a sanitizer report, a leak or
 * an exit (die) is a bug; `make fuzz` runs it on a corpus seeded from
 * specs/ and tests/. */
#include <stdint.h>
#include <stdlib.h>

#include "model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	diag_set_stream(NULL);
	diag_reset();
	struct spec *s = spec_load_mem("fuzz.yaml", (const char *)data, size,
	    NULL, 0);
	check_spec(s);
	if (!diag_nerrors()) {
		struct plan *p = plan_build(s);
		if (p && !diag_nerrors()) {
			struct buf sh = {0}, arm = {0}, params = {0};
			struct buf *parts = NULL;
			size_t nparts = 0;
			emit_arm_parts(p, &arm, &params, &parts, &nparts);
			emit_az(p, &sh);
			for (size_t i = 0; i < nparts; i++)
				buf_free(&parts[i]);
			free(parts);
			buf_free(&sh);
			buf_free(&arm);
			buf_free(&params);
		}
	}
	spec_free(s);
	return 0;
}

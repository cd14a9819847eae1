/* libFuzzer target: the cycle JSON reader and the model validation behind `cnap cycle import`. */
#include "base/compat.h"
#include "io/cycle_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cnap_arena a;
	struct cnap_cycle_data d;
	struct cnap_error err = { 0 };
	cnap_arena_init(&a);
	if (cnap_cycle_json_parse((const char *)data, size, true, &a, &d, &err) == CNAP_OK) {
		cnap_cycle_data_validate(&d, &err);
		struct cnap_buf out;
		cnap_buf_init(&out, 0);
		cnap_cycle_json_write(&d, &out, &err);
		cnap_buf_release(&out);
	}
	cnap_arena_release(&a);
	return 0;
}

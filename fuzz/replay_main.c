/*
 * Replays fuzz corpora through a libFuzzer target without libFuzzer, so the
 * ordinary ASan+UBSan test build checks every saved input (TAP, one case
 * per file). Usage: replay DIR...
 */
#include "base/compat.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	int n = 0;
	for (int i = 1; i < argc; i++) {
		DIR *dir = opendir(argv[i]);
		if (!dir) {
			printf("not ok %d - cannot open %s\n", ++n, argv[i]);
			continue;
		}
		char *names[4096];
		size_t count = 0;
		struct dirent *e;
		while ((e = readdir(dir)) && count < 4096)
			if (e->d_name[0] != '.')
				names[count++] = cnap_strdup(e->d_name);
		closedir(dir);
		qsort(names, count, sizeof(*names), by_name);
		for (size_t k = 0; k < count; k++) {
			char path[4096];
			snprintf(path, sizeof(path), "%s/%s", argv[i], names[k]);
			FILE *f = fopen(path, "rb");
			unsigned char *buf = cnap_malloc(1 << 22);
			size_t len = f && buf ? fread(buf, 1, 1 << 22, f) : 0;
			if (f)
				fclose(f);
			/* Said first, since a crash or a violated property (abort) ends the test here. */
			printf("# %s\n", path);
			fflush(stdout);
			LLVMFuzzerTestOneInput(buf, len);
			printf("ok %d - %s\n", ++n, path);
			free(buf);
			free(names[k]);
		}
	}
	printf("1..%d\n", n);
	return n ? 0 : 1;
}

/*
 * replay.c - a main() for fuzz targets outside libFuzzer: runs
 * LLVMFuzzerTestOneInput once on every file named on the command line or
 * found (not recursively) in a directory named there. Normal builds use it
 * to replay the committed corpora as CTest tests (with gcc, under
 * ASan+UBSan, under valgrind), so every seed and every regression input
 * keeps passing the targets' properties.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz_support.h"

/* Largest input replayed; libFuzzer's default -max_len is far smaller. */
#define REPLAY_MAX_INPUT (8u * 1024u * 1024u)
#define REPLAY_PATH_MAX 4096

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *data = malloc(REPLAY_MAX_INPUT);
	size_t n = 0;
	int status = -1;

	if (f == NULL || data == NULL) {
		fprintf(stderr, "replay: cannot read %s\n", path);
		goto cleanup;
	}
	n = fread(data, 1, REPLAY_MAX_INPUT, f);
	LLVMFuzzerTestOneInput(data, n);
	status = 0;
cleanup:
	if (f != NULL)
		fclose(f);
	free(data);
	return status;
}

/* Replays path (a file or a directory); adds the files run to *count. */
static int replay_path(const char *path, size_t *count)
{
	struct stat st;
	DIR *dir = NULL;
	struct dirent *e;
	char child[REPLAY_PATH_MAX];
	int status = 0;

	if (stat(path, &st) != 0) {
		fprintf(stderr, "replay: no such file: %s\n", path);
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		*count += 1;
		return replay_file(path);
	}
	dir = opendir(path);
	while (dir != NULL && status == 0 && (e = readdir(dir)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(child, sizeof(child), "%s/%s", path, e->d_name);
		if (stat(child, &st) == 0 && S_ISREG(st.st_mode)) {
			*count += 1;
			status = replay_file(child);
		}
	}
	if (dir != NULL)
		closedir(dir);
	return dir != NULL ? status : -1;
}

int main(int argc, char **argv)
{
	size_t count = 0;
	int i;

	if (LLVMFuzzerInitialize != NULL)
		LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++)
		if (replay_path(argv[i], &count) != 0)
			return 1;
	printf("replayed %zu inputs\n", count);
	return count > 0 ? 0 : 1;
}

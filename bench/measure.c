/* measure.c - run commands RUNS times each and print, per command, the
 * median wall time (ms) and the median peak RSS (KiB, from wait4's rusage)
 * of the child, so the bench needs no /usr/bin/time. Several commands,
 * separated by "--", run in turn (A B C A B C ...), not one after the
 * other: on a shared machine a slow minute then slows each of them alike,
 * and the ratios of their medians stay meaningful. Each command's stdout
 * and stderr go to /dev/null; a non-zero exit is reported and fails the
 * measure.
 * usage: measure RUNS CMD [ARG...] [-- CMD [ARG...]]...
 * prints "MS KIB" per command, one line each */
#define _DEFAULT_SOURCE /* wait4 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* One run of argv; its wall time in *ms and peak RSS in *kib. */
static void
run(char **argv, double *ms, double *kib)
{
	struct timespec t0, t1;
	struct rusage ru;
	int st;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid_t pid = fork();
	if (pid < 0)
		die("fork:");
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execvp(argv[0], argv);
		_exit(127);
	}
	if (wait4(pid, &st, 0, &ru) < 0)
		die("wait4:");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		fprintf(stderr, "measure: %s exited %d\n", argv[0],
		    WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
		exit(1);
	}
	*ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	*kib = (double)ru.ru_maxrss;
}

int
main(int argc, char **argv)
{
	if (argc < 3) {
		fputs("usage: measure RUNS CMD [ARG...] [-- CMD [ARG...]]...\n",
		    stderr);
		return 2;
	}
	int runs = atoi(argv[1]);
	if (runs < 1 || runs > 100)
		die("measure: RUNS must be 1..100");
	/* Split argv[2..] at each "--" into NULL-terminated commands. */
	char ***cmds = xmalloc((size_t)argc * sizeof(*cmds));
	size_t ncmds = 0;
	cmds[ncmds++] = argv + 2;
	for (int i = 2; i < argc; i++)
		if (strcmp(argv[i], "--") == 0) {
			argv[i] = NULL;
			cmds[ncmds++] = argv + i + 1;
		}
	for (size_t c = 0; c < ncmds; c++)
		if (!cmds[c][0])
			die("measure: an empty command");
	double *ms = xmalloc(ncmds * (size_t)runs * sizeof(*ms));
	double *kib = xmalloc(ncmds * (size_t)runs * sizeof(*kib));
	for (int i = 0; i < runs; i++)
		for (size_t c = 0; c < ncmds; c++)
			run(cmds[c], &ms[c * (size_t)runs + (size_t)i],
			    &kib[c * (size_t)runs + (size_t)i]);
	for (size_t c = 0; c < ncmds; c++) {
		double *m = ms + c * (size_t)runs, *k = kib + c * (size_t)runs;
		qsort(m, (size_t)runs, sizeof(*m), cmp_double);
		qsort(k, (size_t)runs, sizeof(*k), cmp_double);
		printf("%.1f %.0f\n", m[runs / 2], k[runs / 2]);
	}
	free(cmds);
	free(ms);
	free(kib);
	return 0;
}

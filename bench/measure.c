/* measure.c - run a command RUNS times and print the median wall time (ms)
 * and the median peak RSS (KiB, from wait4's rusage) of the child, so the
 * bench needs no /usr/bin/time. The command's stdout and stderr go to
 * /dev/null; a non-zero exit is reported and fails the measure.
 * usage: measure RUNS CMD [ARG...]   prints "MS KIB" */
#define _DEFAULT_SOURCE /* wait4 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
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

int
main(int argc, char **argv)
{
	if (argc < 3) {
		fputs("usage: measure RUNS CMD [ARG...]\n", stderr);
		return 2;
	}
	int runs = atoi(argv[1]);
	if (runs < 1 || runs > 100)
		die("measure: RUNS must be 1..100");
	double *ms = xmalloc((size_t)runs * sizeof(*ms));
	double *kib = xmalloc((size_t)runs * sizeof(*kib));
	for (int i = 0; i < runs; i++) {
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
			execvp(argv[2], argv + 2);
			_exit(127);
		}
		if (wait4(pid, &st, 0, &ru) < 0)
			die("wait4:");
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
			fprintf(stderr, "measure: %s exited %d\n", argv[2],
			    WIFEXITED(st) ? WEXITSTATUS(st) : 128 +
			    WTERMSIG(st));
			return 1;
		}
		ms[i] = (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
		    (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
		kib[i] = (double)ru.ru_maxrss;
	}
	qsort(ms, (size_t)runs, sizeof(*ms), cmp_double);
	qsort(kib, (size_t)runs, sizeof(*kib), cmp_double);
	printf("%.1f %.0f\n", ms[runs / 2], kib[runs / 2]);
	free(ms);
	free(kib);
	return 0;
}

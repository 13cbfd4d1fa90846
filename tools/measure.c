/*
 * measure: runs one command and records its wall time and peak resident
 * memory, for tools/bench.sh. Build tool only; not part of resmap. It saves
 * depending on GNU time(1), which Debian does not install by default.
 *
 *   measure RESULT-FILE COMMAND [ARG...]
 *
 * The command inherits stdin, stdout and stderr. RESULT-FILE receives one
 * line "STATUS SECONDS MAXRSS-KB CPU-SECONDS MINFLT MAJFLT" (CPU: user +
 * system, steadier than wall time on a shared machine; page faults from
 * ru_minflt and ru_majflt, which cost kernel time the CPU figure holds
 * but does not explain); STATUS is the exit status, or 128+N when
 * killed by signal N, or 127 when it could not be started. measure exits
 * with the same status.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: measure RESULT-FILE COMMAND [ARG...]\n");
		return 2;
	}
	FILE *res = fopen(argv[1], "w");
	if (!res) {
		fprintf(stderr, "measure: %s: %s\n", argv[1], strerror(errno));
		return 2;
	}
	double t0 = now();
	pid_t pid = fork();
	if (pid < 0) {
		fprintf(stderr, "measure: fork: %s\n", strerror(errno));
		return 2;
	}
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		fprintf(stderr, "measure: %s: %s\n", argv[2], strerror(errno));
		_exit(127);
	}
	int st;
	struct rusage ru;
	pid_t w;
	while ((w = wait4(pid, &st, 0, &ru)) < 0 && errno == EINTR)
		;
	double t1 = now();
	if (w < 0) {
		fprintf(stderr, "measure: wait4: %s\n", strerror(errno));
		return 2;
	}
	int status = WIFEXITED(st) ? WEXITSTATUS(st) :
		     WIFSIGNALED(st) ? 128 + WTERMSIG(st) : 255;
	double cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
		     (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
	fprintf(res, "%d %.3f %ld %.3f %ld %ld\n", status, t1 - t0, ru.ru_maxrss, cpu,
		ru.ru_minflt, ru.ru_majflt);
	if (fclose(res) != 0) {
		fprintf(stderr, "measure: %s: %s\n", argv[1], strerror(errno));
		return 2;
	}
	return status;
}

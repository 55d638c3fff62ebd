/*
 * idle_conns.c - hold many idle keep-alive connections to a server.
 *
 *     idle_conns HOST PORT N SECONDS [PATH]
 *
 * Raises RLIMIT_NOFILE to its hard limit, opens N TCP connections to
 * HOST:PORT and, with PATH, sends one keep-alive GET of PATH on each and
 * reads its answer (a connection that has served a request); without PATH
 * it sends nothing. Prints "opened=N answered=A" once all are open, then
 * holds them for SECONDS (or until SIGTERM) and closes them.
 */
#define _POSIX_C_SOURCE 200809L

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* Bounds of the command line. */
#define IDLE_CONNS_MAX 100000
#define IDLE_SECONDS_MAX 3600
/* Room for the request line and headers, and for reading one answer. */
#define IDLE_REQUEST_MAX 512
#define IDLE_READ_MAX 65536

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static void raise_nofile(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

static int send_request(int fd, const char *req)
{
	size_t len = strlen(req);

	return write(fd, req, len) == (ssize_t)len ? 0 : -1;
}

/* Read one answer: a small one that arrives in one read is assumed. */
static int read_answer(int fd)
{
	static char buf[IDLE_READ_MAX];

	return read(fd, buf, sizeof(buf)) > 0 ? 0 : -1;
}

static int open_one(const struct sockaddr_in *sa)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	int one = 1;

	if (fd < 0)
		return -1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (connect(fd, (const struct sockaddr *)sa, sizeof(*sa)) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static int hold(const struct sockaddr_in *sa, long n, long seconds,
		const char *req)
{
	int *fds = calloc((size_t)n, sizeof(*fds));
	long opened = 0, answered = 0, fds_failed = 0, i;
	struct timespec tick = { 0, 100 * 1000000L };
	time_t end;

	if (fds == NULL)
		return 1;
	for (i = 0; i < n; i++) {
		fds[i] = open_one(sa);
		if (fds[i] < 0)
			break;
		opened++;
	}
	/* All requests first, then the answers: the server serves them in
	 * parallel rather than one poll cycle each. */
	for (i = 0; req != NULL && i < opened; i++)
		if (send_request(fds[i], req) != 0)
			fds_failed++;
	for (i = 0; req != NULL && i < opened; i++)
		if (read_answer(fds[i]) == 0)
			answered++;
	printf("opened=%ld answered=%ld send_failed=%ld\n", opened, answered,
	       fds_failed);
	fflush(stdout);
	end = time(NULL) + seconds;
	while (!stop && time(NULL) < end)
		nanosleep(&tick, NULL);
	for (i = 0; i < opened; i++)
		close(fds[i]);
	free(fds);
	return opened == n ? 0 : 1;
}

int main(int argc, char **argv)
{
	struct sockaddr_in sa;
	char req[IDLE_REQUEST_MAX];
	long n, seconds, port;

	if (argc != 5 && argc != 6) {
		fprintf(stderr,
			"usage: idle_conns HOST PORT N SECONDS [PATH]\n");
		return 2;
	}
	port = strtol(argv[2], NULL, 10);
	n = strtol(argv[3], NULL, 10);
	seconds = strtol(argv[4], NULL, 10);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((unsigned short)port);
	if (inet_pton(AF_INET, argv[1], &sa.sin_addr) != 1 || port < 1 ||
	    port > 65535 || n < 1 || n > IDLE_CONNS_MAX || seconds < 1 ||
	    seconds > IDLE_SECONDS_MAX) {
		fprintf(stderr,
			"idle_conns: IPv4 HOST, 1..%d connections, "
			"1..%d s\n",
			IDLE_CONNS_MAX, IDLE_SECONDS_MAX);
		return 2;
	}
	if (argc == 6)
		snprintf(req, sizeof(req),
			 "GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: "
			 "traefik/3.1.2 (linux; amd64) beacon/0.1.0\r\n\r\n",
			 argv[5], argv[1]);
	signal(SIGTERM, on_term);
	signal(SIGINT, on_term);
	raise_nofile();
	return hold(&sa, n, seconds, argc == 6 ? req : NULL);
}

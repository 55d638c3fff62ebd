/* serve.h - `beacond serve`: run the collector until SIGTERM or SIGINT. */
#ifndef BEACOND_SERVE_H
#define BEACOND_SERVE_H

/* argv[0] is the first option after "serve". Returns the exit status. */
int beacond_serve_main(int argc, char **argv);

#endif /* BEACOND_SERVE_H */

/* routes/table.h - beacond's route table (routes/table.c). */
#ifndef BEACOND_ROUTE_TABLE_H
#define BEACOND_ROUTE_TABLE_H

#include <stddef.h>

#include "http/router.h"

/* The rows, the fallback ("other", 404) last; beacond_route_count rows. */
extern const beacond_route beacond_route_table[];
extern const size_t beacond_route_count;

#endif /* BEACOND_ROUTE_TABLE_H */

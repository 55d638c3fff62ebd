/*
 * schema_embedded.h - internal: schema/traefik-static.export.yaml as bytes,
 * generated into the build tree by common/CMakeLists.txt (not
 * NUL-terminated).
 */
#ifndef BEACON_SCHEMA_EMBEDDED_H
#define BEACON_SCHEMA_EMBEDDED_H

#include <stddef.h>

extern const unsigned char beacon_schema_traefik_yaml[];
extern const size_t beacon_schema_traefik_yaml_len;

#endif /* BEACON_SCHEMA_EMBEDDED_H */

/*
 * toml_module.c - libbeacon-toml, the TOML loader of the shared libbeacon as
 * a module of its own. toml++ is C++: linked into libbeacon it would make
 * every host map libstdc++, libm, libgcc_s and libtomlplusplus (about
 * 1.4 MB of RSS, tests/bench/README.md) for a format few configurations
 * use. libbeacon.so loads this module with dlopen the first time a TOML
 * document is parsed (toml_loader.c). The static libbeacon.a links the
 * loader in directly and needs no module.
 */
#include "doc/internal.h"

#define BEACON_TOML_MODULE_API __attribute__((visibility("default")))

/* The module's one entry point, resolved by name by toml_loader.c: same
 * contract as beacon_doc_toml_parse (*out: new object). */
BEACON_TOML_MODULE_API int
beacon_toml_module_parse(json_t **out, const char *data, size_t len,
			 const char *name, beacon_error_detail *err);

BEACON_TOML_MODULE_API int
beacon_toml_module_parse(json_t **out, const char *data, size_t len,
			 const char *name, beacon_error_detail *err)
{
	return beacon_doc_toml_parse(out, data, len, name, err);
}

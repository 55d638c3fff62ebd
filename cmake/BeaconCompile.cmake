# Per-target compile settings: C11 without extensions, curl-style picky
# warnings, optional -Werror and sanitizers. Call beacon_target_defaults(tgt)
# on every target the project builds; nothing here touches global flags.

set(BEACON_C_WARNINGS
  -Wall -Wextra -Wpedantic
  -Wshadow -Wpointer-arith -Wcast-align -Wwrite-strings
  -Wstrict-prototypes -Wmissing-prototypes -Wmissing-declarations
  -Wold-style-definition -Wnested-externs -Wundef -Wformat=2
  -Wformat-nonliteral -Wconversion -Wno-sign-conversion
  -Wdeclaration-after-statement -Wvla -Wdouble-promotion
  -Wfloat-equal -Wredundant-decls -Wnull-dereference
  -Wimplicit-fallthrough -Wunused -Wcast-qual)

set(BEACON_CXX_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wconversion
  -Wno-sign-conversion)

function(beacon_target_defaults tgt)
  get_target_property(_type ${tgt} TYPE)
  set_target_properties(${tgt} PROPERTIES
    C_STANDARD 11 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF
    CXX_STANDARD 17 CXX_STANDARD_REQUIRED ON CXX_EXTENSIONS OFF)
  target_compile_options(${tgt} PRIVATE
    $<$<COMPILE_LANGUAGE:C>:${BEACON_C_WARNINGS}>
    $<$<COMPILE_LANGUAGE:CXX>:${BEACON_CXX_WARNINGS}>)
  # POSIX 2008 for clock_gettime, strdup, getline, pthread rwlocks.
  target_compile_definitions(${tgt} PRIVATE _POSIX_C_SOURCE=200809L)
  if(BEACON_WERROR)
    target_compile_options(${tgt} PRIVATE -Werror)
  endif()
  if(BEACON_SANITIZER)
    target_compile_options(${tgt} PRIVATE -fsanitize=${BEACON_SANITIZER}
      -fno-sanitize-recover=all -fno-omit-frame-pointer)
    if(NOT _type STREQUAL "STATIC_LIBRARY" AND NOT _type STREQUAL "OBJECT_LIBRARY")
      target_link_options(${tgt} PRIVATE -fsanitize=${BEACON_SANITIZER})
    endif()
  endif()
endfunction()

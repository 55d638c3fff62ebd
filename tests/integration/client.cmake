# libbeacon against real peers on loopback: a scripted peer for the
# answers beacond never gives on purpose, and beacond itself.
add_library(beacon_client_peer STATIC client_peer.c)
beacon_target_defaults(beacon_client_peer)
target_link_libraries(beacon_client_peer PUBLIC Threads::Threads)
target_include_directories(beacon_client_peer PUBLIC
  ${CMAKE_CURRENT_SOURCE_DIR})

beacon_add_check_test(NAME test_client_transport SOURCES test_client_peer.c
  LIBS beacon_shared beacon_client_peer LABELS integration TIMEOUT 120)

if(TARGET beacond_harness)
  add_library(beacon_client_itest STATIC client_spawn.c client_wait.c)
  beacon_target_defaults(beacon_client_itest)
  target_link_libraries(beacon_client_itest PUBLIC beacond_harness
    beacon_client_peer)
  beacon_add_check_test(NAME test_client_beacond
    SOURCES test_client_beacond.c
    LIBS beacon_shared beacon_client_itest LABELS integration TIMEOUT 300)
  beacon_add_check_test(NAME test_client_cli SOURCES test_client_cli.c
    LIBS beacon_shared beacon_client_itest
    LABELS integration TIMEOUT 300)
  # Installs and compiles: slow, and not for sanitizer builds (the example
  # is built without the sanitizer runtime).
  beacon_add_check_test(NAME test_client_install
    SOURCES test_client_install.c LIBS beacond_harness
    LABELS integration slow TIMEOUT 600)
  add_dependencies(test_client_beacond beacond)
  add_dependencies(test_client_cli beacond beacon)
  add_dependencies(test_client_install beacond beacon)
  if(BEACON_SANITIZER)
    target_compile_definitions(test_client_cli PRIVATE
      BEACON_TEST_SANITIZED=1)
  endif()
endif()

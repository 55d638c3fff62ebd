# libbeacon against real peers on loopback.
add_library(beacon_client_peer STATIC client_peer.c)
beacon_target_defaults(beacon_client_peer)
target_link_libraries(beacon_client_peer PUBLIC Threads::Threads)
target_include_directories(beacon_client_peer PUBLIC
  ${CMAKE_CURRENT_SOURCE_DIR})

beacon_add_check_test(NAME test_client_transport SOURCES test_client_peer.c
  LIBS beacon_shared beacon_client_peer LABELS integration TIMEOUT 120)

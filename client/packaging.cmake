# Install rules of libbeacon: headers, both libraries, beacon.pc and the
# CMake package (find_package(Beacon) -> Beacon::beacon).
include(CMakePackageConfigHelpers)

set_target_properties(beacon_shared PROPERTIES EXPORT_NAME beacon)
set_target_properties(beacon_static PROPERTIES EXPORT_NAME beacon_static)
install(TARGETS beacon_shared beacon_static EXPORT BeaconTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# The TOML module libbeacon.so loads from its own directory (toml_loader.c).
install(TARGETS beacon_toml LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(FILES include/beacon/beacon.h
  ${PROJECT_SOURCE_DIR}/common/include/beacon/error.h
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/beacon)

set(_cmakedir ${CMAKE_INSTALL_LIBDIR}/cmake/Beacon)
install(EXPORT BeaconTargets NAMESPACE Beacon:: DESTINATION ${_cmakedir})
configure_package_config_file(src/BeaconConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/BeaconConfig.cmake
  INSTALL_DESTINATION ${_cmakedir})
write_basic_package_version_file(
  ${CMAKE_CURRENT_BINARY_DIR}/BeaconConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/BeaconConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/BeaconConfigVersion.cmake
  DESTINATION ${_cmakedir})

# pkg-config: @CMAKE_INSTALL_PREFIX@ is resolved at install time so that
# "cmake --install build --prefix DIR" yields a .pc pointing at DIR.
configure_file(src/beacon.pc.in ${CMAKE_CURRENT_BINARY_DIR}/beacon.pc.in2 @ONLY)
install(CODE "
  file(READ \"${CMAKE_CURRENT_BINARY_DIR}/beacon.pc.in2\" _pc)
  string(REPLACE \"%PREFIX%\" \"\${CMAKE_INSTALL_PREFIX}\" _pc \"\${_pc}\")
  file(WRITE \"${CMAKE_CURRENT_BINARY_DIR}/beacon.pc\" \"\${_pc}\")
  file(INSTALL \"${CMAKE_CURRENT_BINARY_DIR}/beacon.pc\"
    DESTINATION \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBDIR}/pkgconfig\")
")

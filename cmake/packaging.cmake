# SPDX-License-Identifier: MIT
# Debian packages of a build: `cpack -G DEB` in a build folder configured
# with -DCMAKE_INSTALL_PREFIX=/usr (scripts/package does both).  One
# package per install component, split the way Debian splits a library:
#
#   libfcgicodec0             runtime  the shared codec library
#   libfcgicodec-dev          dev      headers, static library, fcgicodec.pc, CMake package
#   fcgi-tools                tools    the fcgi command (codec linked in statically)
#   wireshark-plugin-fastcgi  plugin   fastcgi.so in the plugin folder of the Wireshark
#                                      the build was configured against, and the
#                                      fcgidump extcap program in its extcap folder
#
# dpkg-shlibdeps derives each package's dependencies from the libraries its
# binaries link, so the plugin depends on exactly the libwireshark soname
# (libwireshark16 for 4.0, 18 for 4.4, 19 for 4.6) it was built against, as
# a plugin binary loads into that Wireshark minor version only.

set(CPACK_PACKAGE_NAME "fcgi-toolkit")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "The FastCGI Toolkit authors")
set(CPACK_PACKAGE_CONTACT "The FastCGI Toolkit authors <fcgi-toolkit@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "FastCGI codec, Wireshark plugin and tools")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)

set(CPACK_GENERATOR DEB)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION "net")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")

set(CPACK_COMPONENTS_ALL runtime dev tools)
if(TARGET fastcgi_plugin)
  list(APPEND CPACK_COMPONENTS_ALL plugin)
endif()

set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME "libfcgicodec${PROJECT_VERSION_MAJOR}")
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SECTION "libs")
# A shlibs file, so that programs packaged against the library depend on it,
# and the ldconfig trigger.
set(CPACK_DEBIAN_RUNTIME_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_COMPONENT_RUNTIME_DESCRIPTION
  "FastCGI 1.0 codec library (fcgicodec)
 Builds, parses and dumps every FastCGI record, with an incremental
 zero-copy record parser and a name-value decoder that works across
 records.  No allocation and no I/O while parsing.")

set(CPACK_DEBIAN_DEV_PACKAGE_NAME "libfcgicodec-dev")
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION "libdevel")
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS
  "${CPACK_DEBIAN_RUNTIME_PACKAGE_NAME} (= ${PROJECT_VERSION})")
set(CPACK_COMPONENT_DEV_DESCRIPTION
  "FastCGI 1.0 codec library (fcgicodec) - development files
 Headers (fcgi/fcgi.h), the static library, fcgicodec.pc for pkg-config
 and the CMake package (find_package(fcgicodec)).")

set(CPACK_DEBIAN_TOOLS_PACKAGE_NAME "fcgi-tools")
set(CPACK_COMPONENT_TOOLS_DESCRIPTION
  "curl for FastCGI: request, probe and trace FastCGI servers
 The fcgi command sends requests to php-fpm and other FastCGI servers,
 probes them (ping, status, values) with strict time limits and exit codes
 for container health checks, dumps record streams, and relays between a
 web server and an application while writing what passes as pcapng.")

set(CPACK_DEBIAN_PLUGIN_PACKAGE_NAME "wireshark-plugin-fastcgi")
set(CPACK_DEBIAN_PLUGIN_PACKAGE_ENHANCES "wireshark, tshark")
set(CPACK_COMPONENT_PLUGIN_DESCRIPTION
  "FastCGI dissector plugin for Wireshark ${FASTCGI_WS_ABI}
 Dissects FastCGI (php-fpm, fcgiwrap, application servers) with request
 tracking, reassembled bodies handed to Wireshark's media dissectors,
 name-value pairs decoded across records, expert information, statistics
 and export objects.  Built for Wireshark ${FASTCGI_WS_ABI} only.
 .
 fcgidump lists php-fpm's Unix sockets as capture interfaces and captures
 them by standing in for the socket while Wireshark captures.")

# Each package carries its licence where Debian looks for it.
foreach(component IN LISTS CPACK_COMPONENTS_ALL)
  string(TOUPPER ${component} c)
  set(licence ${PROJECT_SOURCE_DIR}/LICENSE)
  if(component STREQUAL "plugin")
    set(licence ${PROJECT_SOURCE_DIR}/plugin/LICENSE)
  endif()
  install(FILES ${licence} RENAME copyright COMPONENT ${component}
          DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/${CPACK_DEBIAN_${c}_PACKAGE_NAME})
endforeach()

include(CPack)

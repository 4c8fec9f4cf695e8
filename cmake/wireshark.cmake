# SPDX-License-Identifier: MIT
# The Wireshark the plugin is built for and the folders it reads, found once
# for plugin/ (which links it) and tools/ (whose fcgidump goes into its extcap
# folder).
#
# Wireshark is found through pkg-config (wireshark.pc, as Debian and Ubuntu
# ship it) or through the WiresharkConfig.cmake that Wireshark's own
# `cmake --install` writes (Windows, macOS, Fedora, a private build: pass
# -DWireshark_DIR=... or -DCMAKE_PREFIX_PATH=...).  Sets:
#
#   FASTCGI_WS_FOUND          Wireshark's development files were found
#   FASTCGI_WS_VERSION        its version, e.g. 4.4.19
#   FASTCGI_WS_ABI            MAJOR.MINOR: a plugin loads into that version only,
#                             from <plugin dir>/MAJOR.MINOR/epan
#   FASTCGI_WS_TARGETS        what the plugin links
#   FASTCGI_WS_INCLUDE_DIRS   for the header checks
#   FASTCGI_PLUGIN_INSTALL_DIR  (cache) where `cmake --install` puts fastcgi.so
#   FASTCGI_EXTCAP_INSTALL_DIR  (cache) where it puts fcgidump; set even
#                               without Wireshark's development files

set(FASTCGI_WS_FOUND FALSE)
set(FASTCGI_WS_TARGETS "")
set(_ws_plugindir "")
set(_ws_extcapdir "")
set(_ws_libdir "")
find_package(PkgConfig QUIET)
if(PKG_CONFIG_FOUND)
  pkg_check_modules(WIRESHARK QUIET IMPORTED_TARGET wireshark)
  pkg_check_modules(GLIB QUIET IMPORTED_TARGET glib-2.0)
endif()
if(WIRESHARK_FOUND AND GLIB_FOUND)
  set(FASTCGI_WS_FOUND TRUE)
  set(FASTCGI_WS_VERSION ${WIRESHARK_VERSION})
  pkg_get_variable(_ws_plugindir wireshark plugindir)
  pkg_get_variable(_ws_extcapdir wireshark extcapdir)
  pkg_get_variable(_ws_libdir wireshark libdir)
  set(FASTCGI_WS_TARGETS PkgConfig::WIRESHARK PkgConfig::GLIB)
  set(FASTCGI_WS_INCLUDE_DIRS ${WIRESHARK_INCLUDE_DIRS} ${GLIB_INCLUDE_DIRS})
else()
  find_package(Wireshark CONFIG QUIET)
  if(Wireshark_FOUND AND TARGET epan)
    set(FASTCGI_WS_FOUND TRUE)
    set(FASTCGI_WS_VERSION ${Wireshark_VERSION})
    set(_ws_plugindir ${Wireshark_PLUGIN_INSTALL_DIR})
    set(_ws_extcapdir ${Wireshark_EXTCAP_INSTALL_DIR})
    set(_ws_libdir ${Wireshark_LIB_DIR})
    set(FASTCGI_WS_TARGETS epan)
    get_target_property(FASTCGI_WS_INCLUDE_DIRS epan INTERFACE_INCLUDE_DIRECTORIES)
  endif()
endif()

if(FASTCGI_WS_FOUND)
  string(REGEX MATCH "^[0-9]+\\.[0-9]+" FASTCGI_WS_ABI "${FASTCGI_WS_VERSION}")
  if(NOT _ws_plugindir)
    set(_ws_plugindir "${CMAKE_INSTALL_FULL_LIBDIR}/wireshark/plugins/${FASTCGI_WS_ABI}")
  endif()
  set(FASTCGI_PLUGIN_INSTALL_DIR "${_ws_plugindir}/epan" CACHE PATH
      "Where `cmake --install` puts fastcgi.so")

  # wireshark.pc names no extcap folder (4.0 to 4.6), and it moved: 4.0 and
  # 4.4 look in <libdir>/wireshark/extcap, Debian's 4.6 in
  # /usr/libexec/wireshark/extcap.  The tshark of the same version says.
  if(NOT _ws_extcapdir)
    find_program(FASTCGI_TSHARK tshark)
    if(FASTCGI_TSHARK)
      execute_process(COMMAND ${FASTCGI_TSHARK} --version OUTPUT_VARIABLE _ws_tshark_version
                      ERROR_QUIET RESULT_VARIABLE _rc)
      if(_rc EQUAL 0 AND _ws_tshark_version MATCHES "^[^0-9]*${FASTCGI_WS_VERSION}[^0-9]")
        execute_process(COMMAND ${FASTCGI_TSHARK} -G folders OUTPUT_VARIABLE _ws_folders
                        ERROR_QUIET RESULT_VARIABLE _rc)
        if(_rc EQUAL 0 AND _ws_folders MATCHES "(^|\n)(Global )?Extcap path:[ \t]*([^\n]*)")
          string(STRIP "${CMAKE_MATCH_3}" _ws_extcapdir)
        endif()
      endif()
    endif()
  endif()
  if(NOT _ws_extcapdir AND _ws_libdir)
    set(_ws_extcapdir "${_ws_libdir}/wireshark/extcap")
  endif()
endif()
if(NOT _ws_extcapdir)
  set(_ws_extcapdir "${CMAKE_INSTALL_LIBDIR}/wireshark/extcap")
endif()
set(FASTCGI_EXTCAP_INSTALL_DIR "${_ws_extcapdir}" CACHE PATH
    "Where `cmake --install` puts the fcgidump extcap program")

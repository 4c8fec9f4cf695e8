# SPDX-License-Identifier: MIT
# Wireshark plugin folders for the tests and scripts (sourced, POSIX sh).
#
# Wireshark loads an epan plugin only from <plugin dir>/MAJOR.MINOR/epan,
# MAJOR.MINOR being its own version.  The build puts fastcgi.so in such a
# folder (build/plugin/plugins/4.0/epan/fastcgi.so), so a plugin's path says
# which Wireshark it belongs to.

# ws_built_plugin BUILD_DIR: the plugin a build folder holds (empty if none).
ws_built_plugin() {
  for _p in "$1"/plugin/plugins/*/epan/fastcgi.so; do
    [ -f "$_p" ] && echo "$_p"
  done
  return 0
}

# ws_plugin_abi PLUGIN: MAJOR.MINOR of the Wireshark the plugin belongs to,
# from its folder, else from the tshark on PATH.
ws_plugin_abi() {
  _abi=$(basename "$(dirname "$(dirname "$1")")")
  case $_abi in
    [0-9]*.[0-9]*) echo "$_abi" ;;
    *) tshark --version 2>/dev/null | sed -n '1s/^[^0-9]*\([0-9][0-9]*\.[0-9][0-9]*\)\..*/\1/p' ;;
  esac
}

# ws_stage_plugin PLUGIN DIR: makes DIR a plugin folder holding PLUGIN that
# an unprivileged tshark can read (root's tshark ignores plugin folders, so
# the tests run tshark as nobody with WIRESHARK_PLUGIN_DIR=DIR).
ws_stage_plugin() {
  _abi=$(ws_plugin_abi "$1")
  [ -n "$_abi" ] || { echo "cannot tell the Wireshark version of $1" >&2; return 1; }
  mkdir -p "$2/$_abi/epan" && cp "$1" "$2/$_abi/epan/fastcgi.so" && chmod -R a+rX "$2"
}

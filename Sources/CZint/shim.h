#ifndef CAMPUSCARD_CZINT_SHIM_H
#define CAMPUSCARD_CZINT_SHIM_H

// SwiftPM only prints `providers` hints after a failed pkg-config lookup, and Debian ships no zint.pc,
// so with `pkgConfig: nil` this is the one place that can tell a bare machine what to install.
#if __has_include(<zint.h>)
#include <zint.h>
#else
#error "zint headers not found: install Debian package libzint-dev (apt-get install -y libzint-dev)"
#endif

#endif

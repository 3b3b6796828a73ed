"""The bundled sample sources that `stcawatch demo` serves on a loopback HTTP server."""

/**
 * The Redkit operations console: {@link dev.redkit.console.RedkitConsole} (built from the components a host
 * registers), the request/response seam ({@link dev.redkit.console.ConsoleRequest},
 * {@link dev.redkit.console.ConsoleResponse}) that framework adapters use, the authentication hook
 * {@link dev.redkit.console.ConsoleAuthenticator} and {@link dev.redkit.console.ConsoleServer}, the standalone
 * server on the JDK's HTTP server.
 */
@NullMarked
package dev.redkit.console;

import org.jspecify.annotations.NullMarked;

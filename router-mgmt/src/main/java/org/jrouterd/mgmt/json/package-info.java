/**
 * A small, strict JSON reader that remembers the line of every value, so that a configuration error in a
 * {@code .json} file or in a nested {@code openProperties}/{@code groups} value can be reported as
 * {@code file:line: message}. The one extension to RFC 8259: {@code #} outside a string starts a comment that runs
 * to the end of the line, as in {@code qdrouterd.conf}.
 *
 * <p>Threads: stateless entry points and immutable results; any thread may use them (in practice the thread that
 * loads the configuration, and later the core thread for management requests).
 */
package org.jrouterd.mgmt.json;

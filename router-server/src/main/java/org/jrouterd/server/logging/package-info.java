/**
 * The daemon's logging: qdrouterd's {@code log} entity (module, enable, outputFile, includeTimestamp) applied to
 * logback, with lines shaped like qdrouterd's ({@code <timestamp> <MODULE> (<level>) <text>}). Used only by the
 * daemon, on its main thread at start-up; embedded routers log through whatever SLF4J backend the application has.
 */
package org.jrouterd.server.logging;

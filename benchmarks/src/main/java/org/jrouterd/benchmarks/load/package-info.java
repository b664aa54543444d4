/**
 * The end-to-end load tool ({@code bin/jrouterd-bench}, main {@link org.jrouterd.benchmarks.load.BenchMain}).
 *
 * <p>Threads: one per AMQP connection, each owning its proton-j Transport, Connection and links
 * ({@link org.jrouterd.benchmarks.load.ProtonSocket} over a non-blocking socket), plus an acceptor when listening.
 * Messages are encoded once ({@link org.jrouterd.benchmarks.load.MessageTemplate}) and stamped with their send time;
 * credit is granted in batches. Each link records into its own HdrHistograms; the main thread merges them after the
 * connection threads have ended and prints a table and one JSON line.
 */
package org.jrouterd.benchmarks.load;

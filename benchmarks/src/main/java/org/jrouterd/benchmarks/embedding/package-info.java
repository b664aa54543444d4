/**
 * What embedding the router costs a test: {@link org.jrouterd.benchmarks.embedding.EmbeddedStart} times a router's
 * start in fresh JVMs (the shaded {@code router-embedded} jar, as a user's test runs it) and repeated starts in one
 * JVM (a router per test), against a plain {@code ServerSocket} in the same conditions.
 *
 * <p>Threads: the main thread measures; each child JVM runs {@link org.jrouterd.benchmarks.embedding.StartProbe}
 * on its main thread.
 */
package org.jrouterd.benchmarks.embedding;

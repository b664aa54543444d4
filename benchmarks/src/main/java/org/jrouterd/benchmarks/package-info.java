/**
 * Benchmarks for jrouterd: JMH micro-benchmarks of the hot functions (address lookup, routing-prefix parse,
 * annotation re-encode, delivery handoff) and the end-to-end load tool with HdrHistogram latencies.
 *
 * <p>Nothing lives here yet: the load tool and the first figures are issue 3. Benchmarks never run in the test
 * suite.
 */
package org.jrouterd.benchmarks;

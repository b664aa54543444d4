/**
 * JMH micro-benchmarks of jrouterd's hot functions: address lookup, routing-prefix parse, annotation re-encode,
 * delivery handoff between event loops, and route republish on attach/detach. Run with
 * {@code bin/jrouterd-bench jmh [JMH options]} (the JMH main on the benchmarks classpath); never in the test suite.
 * Each benchmark's state is confined to the JMH worker thread unless its javadoc says otherwise.
 */
package org.jrouterd.benchmarks.jmh;

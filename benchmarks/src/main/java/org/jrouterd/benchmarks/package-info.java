/**
 * Measuring jrouterd: {@code load} is the end-to-end load tool run by {@code bin/jrouterd-bench} (proton-j
 * senders, receivers, requesters and responders, one thread per connection), {@code relay} is the plain TCP relay
 * whose cost is the floor for any process in the middle, and {@code jmh} holds the micro-benchmarks of the hot
 * functions. None of it runs in the test suite; {@code benchmarks/run.sh} runs the scenarios.
 */
package org.jrouterd.benchmarks;

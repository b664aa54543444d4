/**
 * The TCP relay baseline ({@code jrouterd-bench relay}): a separate process that copies bytes between two sockets
 * on Netty event loops without parsing AMQP. Each relayed pair of channels lives on one event loop.
 */
package org.jrouterd.benchmarks.relay;

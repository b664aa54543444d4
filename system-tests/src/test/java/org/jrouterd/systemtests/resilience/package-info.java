/**
 * System tests of the router on an operator's worst day: fatal errors that must end the process, memory limits,
 * stuck and hostile peers.
 *
 * <p>Threads: the JUnit test thread (and client threads a test starts); child processes are pumped by their own
 * threads.
 */
package org.jrouterd.systemtests.resilience;

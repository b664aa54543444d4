/**
 * System tests of the {@code bin/jrouterd} command line: options, messages and exit codes.
 *
 * <p>Threads: the JUnit test thread; child processes are pumped by their own threads.
 */
package org.jrouterd.systemtests.cli;

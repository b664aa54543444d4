/**
 * System tests that run the stock Python Proton examples, unchanged, with {@code /usr/bin/python3} against a
 * {@code bin/jrouterd} process. They fail (not skip) when Python Proton or the examples are not installed.
 *
 * <p>Threads: the JUnit test thread; child processes are pumped by their own threads.
 */
package org.jrouterd.systemtests.python;

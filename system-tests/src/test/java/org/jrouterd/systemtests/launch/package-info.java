/**
 * Launching what a system test needs as real processes: {@link org.jrouterd.systemtests.launch.RouterProcess}
 * (one {@code bin/jrouterd} daemon, checked for a clean stop), {@link org.jrouterd.systemtests.launch.MeshOfProcesses}
 * (a mesh of daemons from a {@code MeshLayout}, one generated config file and one process per router),
 * {@link org.jrouterd.systemtests.launch.ChildProcess} (any command, with deadlines and kill-on-failure), and
 * {@link org.jrouterd.systemtests.launch.TestLogFolder} (one folder of logs per test).
 *
 * <p>Threads: the test thread drives everything; each process has one daemon thread that pumps its output.
 */
package org.jrouterd.systemtests.launch;

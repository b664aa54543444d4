/**
 * Interoperability with the real Apache Qpid Dispatch Router: meshes that mix qdrouterd and jrouterd daemons
 * (started from generated qdrouterd-style files by {@link org.jrouterd.systemtests.launch.MeshOfProcesses}), driven
 * by real clients (Qpid JMS, Python Proton), with each router kind on each side and in both dial directions, and
 * the rolling migration of a qdrouterd mesh to jrouterd. They run when {@code QDROUTERD_HOME} names a qdrouterd
 * installation ({@code .ci/run} sets it to the 1.19.0 reference build when that is present).
 *
 * <p>Threads: the test thread; client callbacks only record into concurrent collections.
 */
package org.jrouterd.systemtests.interop;

/**
 * System tests of meshes of {@code bin/jrouterd} daemons, one process per router
 * ({@link org.jrouterd.systemtests.launch.MeshOfProcesses}): routers finding each other, and what their neighbours
 * see when one is stopped or killed.
 *
 * <p>Threads: the JUnit test thread; child processes are pumped by their own threads.
 */
package org.jrouterd.systemtests.mesh;

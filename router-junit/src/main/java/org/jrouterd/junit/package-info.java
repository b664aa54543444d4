/**
 * JUnit 5 extensions that run real jrouterd routers inside a test: {@link org.jrouterd.junit.RouterExtension} (one
 * router) and {@link org.jrouterd.junit.MeshExtension} (a small mesh of interior routers), per test class or per
 * test, on loopback ports chosen by the system. They wait for consumers to attach without sleeping, and add the
 * routers' recent log to a failing test's exception when SLF4J's backend is logback-classic.
 *
 * <p>Threads: JUnit's threads start and stop the routers; tests read them from any thread. Log lines are captured
 * on the routers' own threads.
 */
package org.jrouterd.junit;

/**
 * System tests of authentication: a jrouterd process with a user store made by {@code bin/jrouterd-passwd}, and real
 * clients (Qpid JMS, Python Proton) logging in and being refused. Test threads only.
 */
package org.jrouterd.systemtests.security;

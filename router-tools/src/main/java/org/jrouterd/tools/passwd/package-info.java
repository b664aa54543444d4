/**
 * {@code jrouterd-passwd}: adds, changes, deletes and lists the users of a jrouterd user store (the file of salted
 * SCRAM keys the router checks PLAIN and SCRAM logins against). Runs on the caller's thread only.
 */
package org.jrouterd.tools.passwd;

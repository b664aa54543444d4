/** TLS benchmarks: connection set-up rate over TLS against plain TCP. */
package org.jrouterd.benchmarks.tls;

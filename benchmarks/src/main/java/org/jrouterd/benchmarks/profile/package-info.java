/**
 * Reading profiles: {@link org.jrouterd.benchmarks.profile.JfrTop} ({@code jrouterd-bench jfr-top FILE}) aggregates
 * a JFR recording of the router into its top costs. Runs on the caller's thread only.
 */
package org.jrouterd.benchmarks.profile;

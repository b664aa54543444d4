package org.jrouterd.tools.stat;

/**
 * What the views need from qdstat's command line.
 *
 * <p>Threads: immutable; any thread.
 *
 * @param csv CSV tables ({@code --csv})
 * @param limit the most rows to ask for ({@code --limit}; null or 0: all)
 * @param verbose more columns ({@code -v})
 */
record StatOptions(boolean csv, Integer limit, boolean verbose) {
}

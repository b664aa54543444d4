/**
 * Text as qdstat and qdmanage print it: Python's {@code str()}, {@code repr()} and {@code json.dumps} of the
 * values a management response carries, qdstat's cell formats and its two table layouts (aligned and CSV).
 * Pure functions and immutable values; any thread.
 */
package org.jrouterd.tools.format;

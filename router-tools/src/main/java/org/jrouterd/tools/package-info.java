/**
 * jrouterd's management tools: {@code jrouterd-stat} (qdstat) and {@code jrouterd-manage} (qdmanage), which print
 * what qdstat and qdmanage 1.19 print, byte for byte where the values are the same. Each tool runs on the thread
 * that calls its {@code main}; nothing here starts threads.
 */
package org.jrouterd.tools;

/**
 * {@code jrouterd-stat}: qdstat 1.19's options and views ({@code -g -c -l -a -n -e -m --autolinks --linkroutes
 * --log}, {@code --all-routers}, {@code -r}, {@code --csv}, {@code --limit}, {@code -v}) with its titles, columns
 * and cell formats. Runs on the thread that calls {@code main}.
 */
package org.jrouterd.tools.stat;

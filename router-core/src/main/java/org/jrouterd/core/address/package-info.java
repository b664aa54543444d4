/**
 * The configured address table: the {@code address {}} entries of the router configuration (a prefix or a pattern,
 * a {@link org.jrouterd.core.address.Distribution} and an optional priority) and the token trie that finds the most
 * specific entry for an address, with the same precedence as qdrouterd's parse tree.
 *
 * <p>Threads: {@link org.jrouterd.core.address.AddressConfigTable} is owned by the core thread, which is the only
 * thread that adds, removes and looks up entries; it is not thread-safe. {@link
 * org.jrouterd.core.address.AddressConfig}, {@link org.jrouterd.core.address.AddressPattern} and {@link
 * org.jrouterd.core.address.Distribution} are immutable, and {@link org.jrouterd.core.address.AddressName} is
 * stateless, so any thread may use them.
 */
package org.jrouterd.core.address;

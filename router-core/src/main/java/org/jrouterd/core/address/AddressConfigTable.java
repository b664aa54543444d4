package org.jrouterd.core.address;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The configured address entries, and the lookup of the entry that governs an address.
 *
 * <p>Entries are kept in a trie of pattern tokens. A lookup walks the address string by index (no splitting, no
 * allocation) and returns the first match of a depth-first search that, at each token from the left, tries an exact
 * token before {@code *} before {@code #}, and lets {@code #} match as few tokens as it can. So the most specific
 * entry wins, as in qdrouterd's parse tree: for {@code a.b.c}, {@code a.b.#} beats {@code a.*.c}, which beats
 * {@code #.c}. Lookup time depends on the length of the address and the wildcards on its path, not on the number
 * of entries.
 *
 * <p>Threads: the core thread (or the starting thread, before the router runs) adds and removes entries; any
 * thread may look up. A change builds a new trie and publishes it through one volatile reference (changes are rare:
 * the config file and management CREATE/DELETE), so a lookup never sees a half-changed trie.
 */
public final class AddressConfigTable {

    private final Distribution defaultDistribution;
    /** The entries and their trie, replaced whole on each change. */
    private record Contents(Map<AddressPattern, AddressConfig> entries, PatternTrieNode root) {
    }

    private volatile Contents contents = new Contents(Map.of(), new PatternTrieNode());

    /**
     * Creates an empty table.
     *
     * @param defaultDistribution the distribution of addresses that no entry matches
     */
    public AddressConfigTable(Distribution defaultDistribution) {
        this.defaultDistribution = Objects.requireNonNull(defaultDistribution, "defaultDistribution");
    }

    /**
     * Returns the distribution of addresses that no entry matches.
     *
     * @return the default distribution
     */
    public Distribution defaultDistribution() {
        return defaultDistribution;
    }

    /**
     * Adds an entry.
     *
     * @param config the entry
     * @throws IllegalArgumentException if an entry with the same normalized pattern is present (prefix {@code a}
     *                                  and pattern {@code a/#} are the same; so are {@code a.b} and {@code a/b})
     */
    public void add(AddressConfig config) {
        AddressPattern pattern = config.addressPattern();
        Map<AddressPattern, AddressConfig> entries = contents.entries();
        AddressConfig existing = entries.get(pattern);
        if (existing != null) {
            throw new IllegalArgumentException("duplicate address entry " + describe(config) + ": it has the same "
                    + "pattern '" + pattern + "' as the existing entry " + describe(existing));
        }
        Map<AddressPattern, AddressConfig> changed = new LinkedHashMap<>(entries);
        changed.put(pattern, config);
        publish(changed);
    }

    /**
     * Adds entries with one rebuild of the trie (the configured entries at start-up; {@link #add} rebuilds the
     * trie at each call, which is fine for management's one-at-a-time changes).
     *
     * @param configs the entries, in order
     * @throws IllegalArgumentException on a duplicate pattern, as {@link #add}; then nothing is added
     */
    public void addAll(List<AddressConfig> configs) {
        Map<AddressPattern, AddressConfig> changed = new LinkedHashMap<>(contents.entries());
        for (AddressConfig config : configs) {
            AddressConfig existing = changed.putIfAbsent(config.addressPattern(), config);
            if (existing != null) {
                throw new IllegalArgumentException("duplicate address entry " + describe(config) + ": it has the "
                        + "same pattern '" + config.addressPattern() + "' as the existing entry "
                        + describe(existing));
            }
        }
        publish(changed);
    }

    /** Builds the trie of {@code entries} and publishes both. */
    private void publish(Map<AddressPattern, AddressConfig> entries) {
        PatternTrieNode root = new PatternTrieNode();
        for (Map.Entry<AddressPattern, AddressConfig> entry : entries.entrySet()) {
            PatternTrieNode node = root;
            for (String token : entry.getKey().tokens()) {
                node = node.childOrCreate(token);
            }
            node.config = entry.getValue();
        }
        contents = new Contents(entries, root);
    }

    /**
     * Removes an entry, if this exact entry (equal in every field) is present.
     *
     * @param config the entry
     * @return true if it was removed
     */
    public boolean remove(AddressConfig config) {
        AddressPattern pattern = config.addressPattern();
        if (!config.equals(contents.entries().get(pattern))) {
            return false;
        }
        remove(pattern);
        return true;
    }

    /**
     * Removes the entry with a given pattern, whatever its distribution and priority.
     *
     * @param pattern the pattern, e.g. {@code AddressPattern.ofPrefix("a/b")}
     * @return the removed entry, or null if none had that pattern
     */
    public AddressConfig remove(AddressPattern pattern) {
        Map<AddressPattern, AddressConfig> changed = new LinkedHashMap<>(contents.entries());
        AddressConfig removed = changed.remove(pattern);
        if (removed != null) {
            publish(changed);
        }
        return removed;
    }

    /**
     * Finds the most specific entry matching an address. A leading {@code scheme://host/} or {@code scheme:/} is
     * ignored (see {@link AddressName}).
     *
     * @param address the address
     * @return the best entry, or null if none matches
     */
    public AddressConfig lookup(String address) {
        int end = address.length();
        int start = AddressPattern.nextTokenStart(address, AddressName.nameStart(address), end);
        return matchChildren(contents.root(), address, start, end);
    }

    /**
     * Returns the distribution for an address: that of its best entry, else the default.
     *
     * @param address the address
     * @return the distribution
     */
    public Distribution distributionFor(String address) {
        AddressConfig config = lookup(address);
        return config == null ? defaultDistribution : config.distribution();
    }

    /**
     * Returns the number of entries.
     *
     * @return the number of entries
     */
    public int size() {
        return contents.entries().size();
    }

    /**
     * Returns the entries in the order they were added.
     *
     * @return an immutable snapshot
     */
    public List<AddressConfig> entries() {
        return List.copyOf(contents.entries().values());
    }

    /** Counts the trie's nodes, root included; for tests that check removal prunes the trie. */
    int nodeCount() {
        return contents.root().nodeCount();
    }

    /** Searches the children of a node that has matched the address up to {@code position}. */
    private static AddressConfig matchChildren(PatternTrieNode node, String address, int position, int end) {
        if (position < end) {
            int tokenEnd = AddressPattern.tokenEnd(address, position, end);
            int next = AddressPattern.nextTokenStart(address, tokenEnd, end);
            PatternTrieNode exact = node.exactChild(address, position, tokenEnd);
            if (exact != null) {
                AddressConfig found = matchAfterToken(exact, address, next, end);
                if (found != null) {
                    return found;
                }
            }
            if (node.starChild != null) {
                AddressConfig found = matchAfterToken(node.starChild, address, next, end);
                if (found != null) {
                    return found;
                }
            }
        }
        return node.hashChild == null ? null : matchHash(node.hashChild, address, position, end);
    }

    /** Continues from a node reached by consuming one address token (exactly or through {@code *}). */
    private static AddressConfig matchAfterToken(PatternTrieNode node, String address, int position, int end) {
        if (position == end && node.config != null) {
            return node.config;
        }
        return matchChildren(node, address, position, end);
    }

    /** Lets a {@code #} node consume zero, then one, then more tokens; its own entry matches the whole rest. */
    private static AddressConfig matchHash(PatternTrieNode node, String address, int position, int end) {
        for (int from = position; from < end; ) {
            AddressConfig found = matchChildren(node, address, from, end);
            if (found != null) {
                return found;
            }
            from = AddressPattern.nextTokenStart(address, AddressPattern.tokenEnd(address, from, end), end);
        }
        return node.config;
    }

    private static String describe(AddressConfig config) {
        return config.prefix() != null ? "prefix '" + config.prefix() + "'" : "pattern '" + config.pattern() + "'";
    }
}

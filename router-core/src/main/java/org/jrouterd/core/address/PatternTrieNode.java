package org.jrouterd.core.address;

/**
 * One node of the {@link AddressConfigTable} trie: the entry whose pattern ends here, if any, and the children for
 * the next pattern token (exact tokens, {@code *} and {@code #}).
 *
 * <p>Exact children live in an open-addressing hash table keyed by token text. A lookup hashes and compares a region
 * of the address string in place, so walking an address allocates nothing. Owned by the core thread.
 */
final class PatternTrieNode {

    private static final int INITIAL_CAPACITY = 4;

    private String[] keys;
    private PatternTrieNode[] children;
    private int exactCount;

    /** The child for a {@code *} token, or null. */
    PatternTrieNode starChild;
    /** The child for a {@code #} token, or null. */
    PatternTrieNode hashChild;
    /** The entry whose normalized pattern ends at this node, or null. */
    AddressConfig config;

    /** Returns the exact child for the token {@code text[from, to)}, or null. */
    PatternTrieNode exactChild(String text, int from, int to) {
        if (exactCount == 0) {
            return null;
        }
        int mask = keys.length - 1;
        for (int slot = spread(regionHash(text, from, to)) & mask; ; slot = (slot + 1) & mask) {
            String key = keys[slot];
            if (key == null) {
                return null;
            }
            if (AddressPattern.tokenEquals(key, text, from, to)) {
                return children[slot];
            }
        }
    }

    /** Returns the child for a pattern token, or null. */
    PatternTrieNode child(String token) {
        if (token.equals(AddressPattern.ONE_TOKEN)) {
            return starChild;
        }
        if (token.equals(AddressPattern.ANY_TOKENS)) {
            return hashChild;
        }
        return exactChild(token, 0, token.length());
    }

    /** Returns the child for a pattern token, creating it if needed. */
    PatternTrieNode childOrCreate(String token) {
        PatternTrieNode child = child(token);
        if (child != null) {
            return child;
        }
        child = new PatternTrieNode();
        if (token.equals(AddressPattern.ONE_TOKEN)) {
            starChild = child;
        } else if (token.equals(AddressPattern.ANY_TOKENS)) {
            hashChild = child;
        } else {
            putExact(token, child);
        }
        return child;
    }

    /** Removes the child for a pattern token, if present. */
    void removeChild(String token) {
        if (token.equals(AddressPattern.ONE_TOKEN)) {
            starChild = null;
        } else if (token.equals(AddressPattern.ANY_TOKENS)) {
            hashChild = null;
        } else {
            removeExact(token);
        }
    }

    /** Tells whether this node holds no entry and has no children, so its parent may drop it. */
    boolean isEmpty() {
        return config == null && starChild == null && hashChild == null && exactCount == 0;
    }

    /** Counts this node and all nodes below it. */
    int nodeCount() {
        int count = 1;
        if (starChild != null) {
            count += starChild.nodeCount();
        }
        if (hashChild != null) {
            count += hashChild.nodeCount();
        }
        if (children != null) {
            for (PatternTrieNode child : children) {
                count += child == null ? 0 : child.nodeCount();
            }
        }
        return count;
    }

    private void putExact(String token, PatternTrieNode child) {
        if (keys == null) {
            keys = new String[INITIAL_CAPACITY];
            children = new PatternTrieNode[INITIAL_CAPACITY];
        } else if ((exactCount + 1) * 2 > keys.length) {
            grow();
        }
        insert(keys, children, token, child);
        exactCount++;
    }

    private void grow() {
        String[] oldKeys = keys;
        PatternTrieNode[] oldChildren = children;
        keys = new String[oldKeys.length * 2];
        children = new PatternTrieNode[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null) {
                insert(keys, children, oldKeys[i], oldChildren[i]);
            }
        }
    }

    private static void insert(String[] keys, PatternTrieNode[] children, String token, PatternTrieNode child) {
        int mask = keys.length - 1;
        int slot = spread(token.hashCode()) & mask;
        while (keys[slot] != null) {
            slot = (slot + 1) & mask;
        }
        keys[slot] = token;
        children[slot] = child;
    }

    /** Removes an exact child, shifting later entries of its probe run back so lookups still find them. */
    private void removeExact(String token) {
        if (exactCount == 0) {
            return;
        }
        int mask = keys.length - 1;
        int hole = spread(token.hashCode()) & mask;
        while (keys[hole] != null && !keys[hole].equals(token)) {
            hole = (hole + 1) & mask;
        }
        if (keys[hole] == null) {
            return;
        }
        for (int next = (hole + 1) & mask; keys[next] != null; next = (next + 1) & mask) {
            int home = spread(keys[next].hashCode()) & mask;
            if (isCyclicallyBetween(home, hole, next)) {
                continue;
            }
            keys[hole] = keys[next];
            children[hole] = children[next];
            hole = next;
        }
        keys[hole] = null;
        children[hole] = null;
        exactCount--;
    }

    /** Tells whether {@code slot} lies in the cyclic range {@code (after, upTo]}. */
    private static boolean isCyclicallyBetween(int slot, int after, int upTo) {
        return after <= upTo ? slot > after && slot <= upTo : slot > after || slot <= upTo;
    }

    /** The same value as {@code text.substring(from, to).hashCode()}, without the substring. */
    private static int regionHash(String text, int from, int to) {
        int hash = 0;
        for (int i = from; i < to; i++) {
            hash = 31 * hash + text.charAt(i);
        }
        return hash;
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }
}

package org.jrouterd.core.address;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A parsed, normalized address pattern: a list of tokens that addresses are matched against.
 *
 * <p>Tokens are separated by {@code .} or {@code /}; the two separators are interchangeable, and leading, trailing
 * and repeated separators are ignored (so {@code a.b}, {@code a/b} and {@code /a//b/} are the same pattern). A token
 * that is exactly {@code *} matches one token of the address, a token that is exactly {@code #} matches zero or
 * more; any other token, including one that merely contains {@code *} or {@code #}, matches itself only.
 *
 * <p>A prefix {@code a/b} is the pattern {@code a/b/#}: it matches {@code a/b}, {@code a.b.c} and {@code a/b/c/d},
 * but not {@code a/bc}. As in qdrouterd, patterns are normalized by rewriting {@code #.#} to {@code #} and
 * {@code #.*} to {@code *.#}, which changes no match; two patterns are equal when their normalized tokens are.
 *
 * <p>Immutable; any thread may use it.
 */
public final class AddressPattern {

    /** The token that matches exactly one address token. */
    static final String ONE_TOKEN = "*";
    /** The token that matches zero or more address tokens. */
    static final String ANY_TOKENS = "#";

    private final List<String> tokens;

    private AddressPattern(List<String> tokens) {
        this.tokens = List.copyOf(tokens);
    }

    /**
     * Parses a pattern such as {@code a.*.c} or {@code a/#/z}.
     *
     * @param pattern the pattern text
     * @return the normalized pattern
     * @throws IllegalArgumentException if the text has no tokens (empty, blank, or only separators)
     */
    public static AddressPattern parse(String pattern) {
        return new AddressPattern(normalize(tokenize(pattern, "pattern")));
    }

    /**
     * Parses a prefix, which matches whole tokens: prefix {@code a/b} is pattern {@code a/b/#}.
     *
     * @param prefix the prefix text
     * @return the normalized pattern equivalent to the prefix
     * @throws IllegalArgumentException if the text has no tokens (empty, blank, or only separators)
     */
    public static AddressPattern ofPrefix(String prefix) {
        List<String> tokens = tokenize(prefix, "prefix");
        tokens.add(ANY_TOKENS);
        return new AddressPattern(normalize(tokens));
    }

    /**
     * Returns the normalized tokens.
     *
     * @return an unmodifiable list, never empty
     */
    public List<String> tokens() {
        return tokens;
    }

    /**
     * Tells whether this pattern matches an address. A leading {@code scheme://host/} or {@code scheme:/} of the
     * address is ignored (see {@link AddressName}). This tests one pattern; to find the best of many, use
     * {@link AddressConfigTable#lookup(String)}.
     *
     * @param address the address
     * @return true if the whole address matches
     */
    public boolean matches(String address) {
        int end = address.length();
        return matchesFrom(0, address, nextTokenStart(address, AddressName.nameStart(address), end), end);
    }

    private boolean matchesFrom(int tokenIndex, String address, int position, int end) {
        if (tokenIndex == tokens.size()) {
            return position == end;
        }
        String token = tokens.get(tokenIndex);
        if (token.equals(ANY_TOKENS)) {
            for (int from = position; ; from = nextTokenStart(address, tokenEnd(address, from, end), end)) {
                if (matchesFrom(tokenIndex + 1, address, from, end)) {
                    return true;
                }
                if (from == end) {
                    return false;
                }
            }
        }
        if (position == end) {
            return false;
        }
        int tokenEnd = tokenEnd(address, position, end);
        boolean tokenMatches = token.equals(ONE_TOKEN) || tokenEquals(token, address, position, tokenEnd);
        return tokenMatches && matchesFrom(tokenIndex + 1, address, nextTokenStart(address, tokenEnd, end), end);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AddressPattern pattern && tokens.equals(pattern.tokens);
    }

    @Override
    public int hashCode() {
        return tokens.hashCode();
    }

    /** Returns the normalized pattern with {@code /} between tokens, e.g. {@code a/*}{@code /#}. */
    @Override
    public String toString() {
        return String.join("/", tokens);
    }

    // --- token walking shared with AddressConfigTable: indices into the address, no allocation ---

    static boolean isSeparator(char c) {
        return c == '.' || c == '/';
    }

    /** Returns the index of the first non-separator at or after {@code from}, or {@code end}. */
    static int nextTokenStart(String text, int from, int end) {
        int i = from;
        while (i < end && isSeparator(text.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Returns the index of the first separator at or after {@code from}, or {@code end}. */
    static int tokenEnd(String text, int from, int end) {
        int i = from;
        while (i < end && !isSeparator(text.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Tells whether {@code text[from, to)} is exactly {@code token}. */
    static boolean tokenEquals(String token, String text, int from, int to) {
        return token.length() == to - from && token.regionMatches(0, text, from, to - from);
    }

    private static List<String> tokenize(String text, String what) {
        Objects.requireNonNull(text, what);
        List<String> tokens = new ArrayList<>();
        int end = text.length();
        for (int start = nextTokenStart(text, 0, end); start < end; ) {
            int tokenEnd = tokenEnd(text, start, end);
            tokens.add(text.substring(start, tokenEnd));
            start = nextTokenStart(text, tokenEnd, end);
        }
        if (text.isBlank() || tokens.isEmpty()) {
            throw new IllegalArgumentException(
                    what + " '" + text + "' has no tokens: expected tokens separated by '.' or '/'");
        }
        return tokens;
    }

    /** Rewrites each run of wildcards that holds a {@code #} into its {@code *}s followed by one {@code #}. */
    private static List<String> normalize(List<String> tokens) {
        List<String> normalized = new ArrayList<>(tokens.size());
        int i = 0;
        while (i < tokens.size()) {
            int runEnd = i;
            int stars = 0;
            boolean hasHash = false;
            while (runEnd < tokens.size() && isWildcard(tokens.get(runEnd))) {
                hasHash |= tokens.get(runEnd).equals(ANY_TOKENS);
                stars += tokens.get(runEnd).equals(ONE_TOKEN) ? 1 : 0;
                runEnd++;
            }
            if (runEnd == i) {
                normalized.add(tokens.get(i++));
                continue;
            }
            for (int s = 0; s < stars; s++) {
                normalized.add(ONE_TOKEN);
            }
            if (hasHash) {
                normalized.add(ANY_TOKENS);
            }
            i = runEnd;
        }
        return normalized;
    }

    private static boolean isWildcard(String token) {
        return token.equals(ONE_TOKEN) || token.equals(ANY_TOKENS);
    }
}

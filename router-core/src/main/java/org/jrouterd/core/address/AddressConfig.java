package org.jrouterd.core.address;

import java.util.Objects;

/**
 * One {@code address {}} configuration entry: which addresses it covers (exactly one of a prefix or a pattern), how
 * their messages are distributed, and an optional priority that overrides the message header's.
 *
 * <p>Immutable; any thread may use it. The constructor validates every field, so an instance is always usable.
 *
 * @param prefix       the prefix, matching whole tokens ({@code foo} matches {@code foo.1}, not {@code foo1}); null
 *                     if {@code pattern} is given
 * @param pattern      the pattern ({@code *} one token, {@code #} zero or more); null if {@code prefix} is given
 * @param distribution how messages to matching addresses are distributed
 * @param priority     0 to 9, or {@link #NO_PRIORITY} when not set
 * @param failFast     a jrouterd extension: an unsettled message to a matching address with no consumer anywhere in
 *                     the mesh is rejected at once ({@code amqp:not-found}) instead of waiting for credit, so that
 *                     a request/reply client (oslo.messaging RPC) fails at once when no server is there
 */
public record AddressConfig(String prefix, String pattern, Distribution distribution, int priority,
                            boolean failFast) {

    /** The {@code priority} of an entry that does not set one. */
    public static final int NO_PRIORITY = -1;
    /** The highest priority an entry may set; the lowest is 0. */
    public static final int MAX_PRIORITY = 9;

    /**
     * Validates the entry.
     *
     * @throws IllegalArgumentException if both or neither of prefix and pattern are given, if the one given has no
     *                                  tokens, or if the priority is out of range
     * @throws NullPointerException     if {@code distribution} is null
     */
    public AddressConfig {
        if ((prefix == null) == (pattern == null)) {
            throw new IllegalArgumentException("an address entry needs exactly one of prefix or pattern, but "
                    + (prefix == null ? "neither was given" : "both were given: prefix '" + prefix
                    + "', pattern '" + pattern + "'"));
        }
        Objects.requireNonNull(distribution, "distribution");
        if (priority != NO_PRIORITY && (priority < 0 || priority > MAX_PRIORITY)) {
            throw new IllegalArgumentException("address priority must be 0 to " + MAX_PRIORITY
                    + " (or " + NO_PRIORITY + " for not set), but was " + priority);
        }
        parsePattern(prefix, pattern);
    }

    /** An entry that waits for a consumer as qdrouterd does (not fail-fast). */
    public AddressConfig(String prefix, String pattern, Distribution distribution, int priority) {
        this(prefix, pattern, distribution, priority, false);
    }

    /**
     * Creates a prefix entry without a priority.
     *
     * @param prefix       the prefix, e.g. {@code queue} or {@code a/b}
     * @param distribution the distribution for matching addresses
     * @return the entry
     */
    public static AddressConfig prefix(String prefix, Distribution distribution) {
        return new AddressConfig(Objects.requireNonNull(prefix, "prefix"), null, distribution, NO_PRIORITY);
    }

    /**
     * Creates a pattern entry without a priority.
     *
     * @param pattern      the pattern, e.g. {@code a.*.c} or {@code events/#}
     * @param distribution the distribution for matching addresses
     * @return the entry
     */
    public static AddressConfig pattern(String pattern, Distribution distribution) {
        return new AddressConfig(null, Objects.requireNonNull(pattern, "pattern"), distribution, NO_PRIORITY);
    }

    /**
     * Returns a copy of this entry with another priority.
     *
     * @param newPriority 0 to 9, or {@link #NO_PRIORITY}
     * @return the copy
     */
    public AddressConfig withPriority(int newPriority) {
        return new AddressConfig(prefix, pattern, distribution, newPriority, failFast);
    }

    /**
     * Returns a copy of this entry that is fail-fast or not (see {@link #failFast()}).
     *
     * @param newFailFast whether messages with no consumer are rejected at once
     * @return the copy
     */
    public AddressConfig withFailFast(boolean newFailFast) {
        return new AddressConfig(prefix, pattern, distribution, priority, newFailFast);
    }

    /**
     * Tells whether the entry sets a priority.
     *
     * @return true if {@link #priority()} is 0 to 9
     */
    public boolean hasPriority() {
        return priority != NO_PRIORITY;
    }

    /**
     * Returns the parsed pattern this entry matches with; a prefix {@code a/b} gives {@code a/b/#}.
     *
     * @return the normalized pattern
     */
    public AddressPattern addressPattern() {
        return parsePattern(prefix, pattern);
    }

    private static AddressPattern parsePattern(String prefix, String pattern) {
        return prefix != null ? AddressPattern.ofPrefix(prefix) : AddressPattern.parse(pattern);
    }
}

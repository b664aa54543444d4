package org.jrouterd.core.linkstate;

/**
 * A critical event: two routers use the same id. {@code routerId} is heard with {@code otherInstance} on
 * {@code linkId} (a HELLO) while {@code knownInstance} (ours, when the id is our own) is alive, or its RAs
 * go back to an earlier instance ({@code linkId} is then {@code Long.MIN_VALUE}: the RA came from afar). The other
 * one is not accepted.
 *
 * <p>Threads: immutable; any thread.
 */
public record DuplicateRouterId(String routerId, long knownInstance, long otherInstance, long linkId) {
}

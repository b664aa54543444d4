package org.jrouterd.transport.amqp;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The addresses the router gives dynamic termini, in qdrouterd's forms: a dynamic source (a reply-to for RPC)
 * becomes {@code amqp:/_topo/0/<router-id>/temp.<random>}, which routes back to this router; a dynamic target
 * becomes {@code amqp:/_$temp.<random>}. 64 random bits make a collision negligible. Stateless, thread-safe.
 */
final class DynamicAddresses {

    private DynamicAddresses() {
    }

    /** A new address for a dynamic source on router {@code routerId}. */
    static String source(String routerId) {
        return "amqp:/_topo/0/" + routerId + "/temp." + randomToken();
    }

    /** A new address for a dynamic target. */
    static String target() {
        return "amqp:/_$temp." + randomToken();
    }

    private static String randomToken() {
        return Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
    }
}

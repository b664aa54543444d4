package org.jrouterd.transport.amqp;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The addresses the router gives dynamic termini, in qdrouterd's forms: a dynamic source (a reply-to for RPC)
 * becomes {@code amqp:/_topo/0/<router-id>/temp.<random>}, which routes back to this router; a dynamic target
 * becomes {@code amqp:/_$temp.<random>}. The random part is 15 letters and digits, as qdrouterd's (about 89 bits:
 * a collision is negligible, and every such address has the same length, as tables of them expect). Stateless,
 * thread-safe.
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

    private static final String CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final int LENGTH = 15;

    private static String randomToken() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] token = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            token[i] = CHARACTERS.charAt(random.nextInt(CHARACTERS.length()));
        }
        return new String(token);
    }
}

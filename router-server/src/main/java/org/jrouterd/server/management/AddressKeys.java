package org.jrouterd.server.management;

import org.jrouterd.core.forward.ForwardingTable;

/**
 * qdrouterd's hash keys of addresses, which its management shows as the {@code router.address} name and
 * {@code qdstat} splits into class, address and phase: {@code M0orders} (mobile, phase 0), {@code Ltemp.x} (local:
 * a dynamic address of this router, or {@code _local/…}), {@code Rrouter-b} (a router), and {@code M0$management}
 * for the agent, as qdrouterd 1.19 shows it.
 */
final class AddressKeys {

    private static final String LOCAL_PREFIX = "_local/";

    private AddressKeys() {
    }

    /** The key of a normalised address as router {@code selfId} sees it. */
    static String key(String address, String selfId) {
        if (address.startsWith(LOCAL_PREFIX)) {
            return "L" + address.substring(LOCAL_PREFIX.length());
        }
        if (address.startsWith(ForwardingTable.TOPOLOGICAL_PREFIX)) {
            String rest = address.substring(ForwardingTable.TOPOLOGICAL_PREFIX.length());
            int slash = rest.indexOf('/');
            String router = slash < 0 ? rest : rest.substring(0, slash);
            if (router.equals(selfId) && slash >= 0) {
                return "L" + rest.substring(slash + 1);
            }
            return "R" + router;
        }
        return "M0" + address;   // mobile, phase 0: $management too, as qdrouterd shows its agent's address
    }
}

package org.jrouterd.tools.stat;

/**
 * How qdstat shows an address hash key such as {@code M0orders}: its class ({@code mobile}, {@code router},
 * {@code local}, {@code topo}, {@code link-in}, ...), its text and, for mobile addresses, its phase.
 *
 * <p>Threads: stateless; any thread.
 */
final class AddressText {

    private AddressText() {
    }

    static String addrClass(String addr) {
        if (addr == null || addr.isEmpty()) {
            return "";
        }
        char c = addr.charAt(0);
        return switch (c) {
            case 'M' -> "mobile";
            case 'R' -> "router";
            case 'A' -> "area";
            case 'L' -> "local";
            case 'T' -> "topo";
            case 'C', 'E' -> "link-in";
            case 'D', 'F' -> "link-out";
            case 'H' -> "edge";
            default -> "unknown: " + c;
        };
    }

    static String addrText(String addr) {
        if (addr == null || addr.isEmpty()) {
            return "";
        }
        return addr.charAt(0) == 'M' ? addr.substring(Math.min(2, addr.length())) : addr.substring(1);
    }

    static String addrPhase(String addr) {
        if (addr == null || addr.isEmpty()) {
            return "";
        }
        return addr.charAt(0) == 'M' && addr.length() > 1 ? addr.substring(1, 2) : "";
    }

    /** The part of an identity after the first {@code /}, or {@code -} for none. */
    static String identityClean(String identity) {
        if (identity == null || identity.isEmpty()) {
            return "-";
        }
        int slash = identity.indexOf('/');
        return slash >= 0 ? identity.substring(slash + 1) : identity;
    }
}

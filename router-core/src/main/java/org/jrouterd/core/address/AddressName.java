package org.jrouterd.core.address;

/**
 * The routable name inside an AMQP address: the address without a leading {@code scheme://host/} or
 * {@code scheme:/}, as qdrouterd strips them before it looks an address up.
 *
 * <p>Examples: {@code amqp://example.com:5672/foo} is {@code foo}, {@code amqp:/_topo/0/A/temp.x} is
 * {@code _topo/0/A/temp.x}, {@code amqps://host/a.b} is {@code a.b}; {@code foo}, {@code _local/x},
 * {@code amqp://host} (no path) and {@code foo:bar} are unchanged. The scheme is any RFC 3986 scheme (a letter, then
 * letters, digits, {@code +}, {@code -} or {@code .}). Stateless; any thread may use it.
 */
public final class AddressName {

    private AddressName() {
    }

    /**
     * Strips a leading {@code scheme://host/} or {@code scheme:/} from an address.
     *
     * @param address an address as it appears in a terminus or a message's {@code to}; may be null
     * @return the address without scheme and host; the same string if it has neither; null if {@code address} is null
     */
    public static String normalize(String address) {
        if (address == null) {
            return null;
        }
        int start = nameStart(address);
        return start == 0 ? address : address.substring(start);
    }

    /**
     * Returns where the routable name starts in {@code address}, without allocating.
     *
     * @param address a non-null address
     * @return the index just after {@code scheme://host/} or {@code scheme:/}, or 0 if there is neither
     */
    static int nameStart(String address) {
        int colon = schemeEnd(address);
        int length = address.length();
        if (colon < 0 || colon + 1 >= length || address.charAt(colon + 1) != '/') {
            return 0;
        }
        int afterSlash = colon + 2;
        if (afterSlash < length && address.charAt(afterSlash) == '/') {
            int hostEnd = address.indexOf('/', afterSlash + 1);
            return hostEnd < 0 ? 0 : hostEnd + 1;
        }
        return afterSlash;
    }

    /** Returns the index of the colon ending a leading URI scheme, or -1 if the address does not start with one. */
    private static int schemeEnd(String address) {
        if (address.isEmpty() || !isAsciiLetter(address.charAt(0))) {
            return -1;
        }
        for (int i = 1; i < address.length(); i++) {
            char c = address.charAt(i);
            if (c == ':') {
                return i;
            }
            if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') {
                return -1;
            }
        }
        return -1;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}

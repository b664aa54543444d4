package org.jrouterd.tools.client;

/**
 * Where the tools connect, from {@code -b/--bus} as Python Proton's {@code Url} reads it: {@code [amqp://]
 * [user[:password]@]host[:port][/path]}; the port defaults to {@code amqp} (5672). {@link #toString} is the URL as
 * the tools print it in errors ({@code amqp://0.0.0.0:amqp}, {@code amqp://127.0.0.1:5672}).
 *
 * <p>Threads: immutable; any thread.
 *
 * @param scheme amqp or amqps
 * @param host host name or address (without IPv6 brackets)
 * @param portText the port as written, or the scheme's name
 * @param path the path after the first {@code /}, or null
 */
public record BusAddress(String scheme, String host, String portText, String path) {

    /** Parses {@code -b}'s value. */
    public static BusAddress parse(String text) {
        String rest = text;
        String scheme = "amqp";
        int schemeEnd = rest.indexOf("://");
        if (schemeEnd >= 0) {
            scheme = rest.substring(0, schemeEnd);
            rest = rest.substring(schemeEnd + 3);
        }
        String path = null;
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            path = rest.substring(slash + 1);
            rest = rest.substring(0, slash);
        }
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            rest = rest.substring(at + 1);
        }
        String host;
        String port = null;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            host = rest.substring(1, close);
            if (close + 1 < rest.length() && rest.charAt(close + 1) == ':') {
                port = rest.substring(close + 2);
            }
        } else {
            int colon = rest.lastIndexOf(':');
            host = colon >= 0 ? rest.substring(0, colon) : rest;
            port = colon >= 0 ? rest.substring(colon + 1) : null;
        }
        if (host.isEmpty()) {
            host = "0.0.0.0";
        }
        return new BusAddress(scheme, host, port == null || port.isEmpty() ? scheme : port,
                path == null || path.isEmpty() ? null : path);
    }

    /** The TCP port: the number, or 5672/5671 for the service names. */
    public int port() {
        return switch (portText) {
            case "amqp" -> 5672;
            case "amqps" -> 5671;
            default -> Integer.parseInt(portText);
        };
    }

    @Override
    public String toString() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return scheme + "://" + h + ":" + portText + (path == null ? "" : "/" + path);
    }
}

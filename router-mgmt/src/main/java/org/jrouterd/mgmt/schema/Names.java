package org.jrouterd.mgmt.schema;

/** Name normalisation shared by the config parser and management. Stateless. */
public final class Names {

    private Names() {
    }

    /**
     * Normalises a section or attribute name to camelCase as qdrouterd does: {@code sasl-mechanisms} and
     * {@code sasl_mechanisms} become {@code saslMechanisms}; a name without '-' or '_' is returned unchanged.
     *
     * @param name the name as written
     * @return the camelCase name
     */
    public static String camelCase(String name) {
        if (name.indexOf('-') < 0 && name.indexOf('_') < 0) {
            return name;
        }
        StringBuilder out = new StringBuilder(name.length());
        boolean upperNext = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '-' || c == '_') {
                upperNext = out.length() > 0;
            } else if (upperNext) {
                out.append(Character.toUpperCase(c));
                upperNext = false;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Finds the closest known name to a misspelt one, for "did you mean" hints.
     *
     * @param wrong the name as written
     * @param known the names that exist
     * @return the closest name within a small edit distance, or null
     */
    public static String closest(String wrong, Iterable<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String lower = wrong.toLowerCase(java.util.Locale.ROOT);
        for (String candidate : known) {
            int distance = distance(lower, candidate.toLowerCase(java.util.Locale.ROOT));
            if (distance < bestDistance) {
                bestDistance = distance;
                best = candidate;
            }
        }
        int allowed = Math.max(1, Math.min(3, wrong.length() / 3));
        return bestDistance <= allowed ? best : null;
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}

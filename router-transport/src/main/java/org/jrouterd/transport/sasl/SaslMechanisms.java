package org.jrouterd.transport.sasl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.jrouterd.transport.sasl.scram.ScramAlgorithm;
import org.jrouterd.transport.sasl.users.UserLookup;

/**
 * The SASL mechanisms this router can offer, by name. A listener offers a subset; each connection gets a fresh
 * {@link SaslMechanism} for the one its client picks. Immutable once built; shared by all I/O threads.
 */
public final class SaslMechanisms {

    /** Every mechanism name jrouterd implements, strongest first (EXTERNAL needs TLS and is wired with it). */
    public static final List<String> KNOWN = List.of("SCRAM-SHA-512", "SCRAM-SHA-256", "SCRAM-SHA-1", "EXTERNAL",
            "PLAIN", "ANONYMOUS");

    private final Map<String, Supplier<SaslMechanism>> factories;

    private SaslMechanisms(Map<String, Supplier<SaslMechanism>> factories) {
        this.factories = Map.copyOf(factories);
    }

    /** ANONYMOUS only, and password mechanisms that know no users. */
    public static SaslMechanisms builtIn() {
        return builtIn(UserLookup.NONE);
    }

    /** The mechanisms built in: ANONYMOUS, and PLAIN and SCRAM-SHA-1/256/512 checked against {@code users}. */
    public static SaslMechanisms builtIn(UserLookup users) {
        Map<String, Supplier<SaslMechanism>> map = new LinkedHashMap<>();
        map.put(AnonymousMechanism.NAME, AnonymousMechanism::new);
        map.put(PlainMechanism.NAME, () -> new PlainMechanism(users));
        for (ScramAlgorithm algorithm : ScramAlgorithm.values()) {
            map.put(algorithm.mechanismName(), () -> new ScramServerMechanism(algorithm, users));
        }
        return new SaslMechanisms(map);
    }

    /** A copy with one more mechanism. */
    public SaslMechanisms with(String name, Supplier<SaslMechanism> factory) {
        Map<String, Supplier<SaslMechanism>> map = new LinkedHashMap<>(factories);
        map.put(name.toUpperCase(Locale.ROOT), factory);
        return new SaslMechanisms(map);
    }

    /**
     * A copy that has only the mechanisms named in {@code allowed} (a SASL configuration's {@code mech_list}): a
     * listener's list is cut down to them, as Cyrus cuts qdrouterd's.
     */
    public SaslMechanisms restrictedTo(List<String> allowed) {
        Map<String, Supplier<SaslMechanism>> map = new LinkedHashMap<>();
        for (String name : allowed) {
            Supplier<SaslMechanism> factory = factories.get(name.toUpperCase(Locale.ROOT));
            if (factory != null) {
                map.put(name.toUpperCase(Locale.ROOT), factory);
            }
        }
        return new SaslMechanisms(map);
    }

    /** Whether this registry has {@code name}. */
    public boolean has(String name) {
        return name != null && factories.containsKey(name.toUpperCase(Locale.ROOT));
    }

    /** The names in {@code wanted} that jrouterd does not implement (empty when all are known). */
    public static List<String> unknown(List<String> wanted) {
        List<String> missing = new ArrayList<>();
        for (String name : wanted) {
            if (!KNOWN.contains(name.toUpperCase(Locale.ROOT))) {
                missing.add(name);
            }
        }
        return missing;
    }

    /** A new exchange for {@code name}, or null if this registry has no such mechanism. */
    public SaslMechanism create(String name) {
        Supplier<SaslMechanism> factory = name == null ? null : factories.get(name.toUpperCase(Locale.ROOT));
        return factory == null ? null : factory.get();
    }
}

package org.jrouterd.transport.sasl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The SASL mechanisms this router can offer, by name. A listener offers a subset; each connection gets a fresh
 * {@link SaslMechanism} for the one its client picks. Immutable once built; shared by all I/O threads.
 */
public final class SaslMechanisms {

    private final Map<String, Supplier<SaslMechanism>> factories;

    private SaslMechanisms(Map<String, Supplier<SaslMechanism>> factories) {
        this.factories = Map.copyOf(factories);
    }

    /** The mechanisms built into this version: ANONYMOUS. */
    public static SaslMechanisms builtIn() {
        Map<String, Supplier<SaslMechanism>> map = new LinkedHashMap<>();
        map.put(AnonymousMechanism.NAME, AnonymousMechanism::new);
        return new SaslMechanisms(map);
    }

    /** A copy with one more mechanism. */
    public SaslMechanisms with(String name, Supplier<SaslMechanism> factory) {
        Map<String, Supplier<SaslMechanism>> map = new LinkedHashMap<>(factories);
        map.put(name.toUpperCase(Locale.ROOT), factory);
        return new SaslMechanisms(map);
    }

    /** The names in {@code wanted} that this registry cannot offer (empty when all are known). */
    public List<String> unknown(List<String> wanted) {
        List<String> missing = new ArrayList<>();
        for (String name : wanted) {
            if (!factories.containsKey(name.toUpperCase(Locale.ROOT))) {
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

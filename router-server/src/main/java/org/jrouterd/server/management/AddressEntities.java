package org.jrouterd.server.management;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jrouterd.core.address.AddressConfig;
import org.jrouterd.core.address.AddressConfigTable;
import org.jrouterd.core.engine.CoreProxy;
import org.jrouterd.mgmt.agent.EntityChangeRefused;
import org.jrouterd.mgmt.agent.EntitySource;
import org.jrouterd.mgmt.agent.EntityWriter;
import org.jrouterd.mgmt.schema.EntityCreate;
import org.jrouterd.server.config.ConfiguredRouter;

/**
 * The {@code router.config.address} entities (qdrouterd's {@code address {}} entries): the configured ones
 * (named {@code address/<n>} as qdrouterd names them) and those management created. CREATE and DELETE change the
 * address table on the core thread, which then decides the distribution of the addresses in use again
 * ({@code RouterCore.addressConfigurationChanged}), so new messages follow the change. Identities are numbers, as
 * qdrouterd's core gives them.
 *
 * <p>Threads: the entity list is owned by the management thread (the starting thread adds the configured entries
 * before management runs); the address table by the core thread.
 */
public final class AddressEntities implements EntitySource, EntityWriter {

    private final CoreProxy core;
    private final AddressConfigTable table;
    /** Completes once the producers' event loops have taken the routes the core republished before. */
    private final java.util.function.Supplier<CompletableFuture<Void>> producersCaughtUp;
    private final List<Entry> entries = new ArrayList<>();
    private long nextIdentity = 1;

    private record Entry(Map<String, Object> attributes, AddressConfig config) {
    }

    /**
     * @param producersCaughtUp completes once every I/O event loop has run what was queued on it (the routes the
     *                          core hands to attached producers), so that a change is in force when it is reported
     */
    public AddressEntities(CoreProxy core, AddressConfigTable table,
                           java.util.function.Supplier<CompletableFuture<Void>> producersCaughtUp) {
        this.core = core;
        this.table = table;
        this.producersCaughtUp = producersCaughtUp;
    }

    /** Adds an entry the router started with (already in the table). */
    public void configured(AddressConfig config) {
        add("address/" + entries.size(), config);
    }

    private Map<String, Object> add(String name, AddressConfig config) {
        Map<String, Object> entity = new LinkedHashMap<>();
        entity.put("name", name);
        entity.put("identity", Long.toString(nextIdentity++));
        entity.put("prefix", config.prefix());
        entity.put("distribution", config.distribution().name().toLowerCase(java.util.Locale.ROOT));
        entity.put("waypoint", false);
        entity.put("ingressPhase", 0L);
        entity.put("egressPhase", 0L);
        entity.put("pattern", config.pattern());
        entity.put("priority", (long) config.priority());
        entity.put("fallback", false);
        entries.add(new Entry(entity, config));
        return entity;
    }

    @Override
    public CompletableFuture<List<Map<String, Object>>> entities() {
        return CompletableFuture.completedFuture(entries.stream().map(Entry::attributes).toList());
    }

    @Override
    public CompletableFuture<Map<String, Object>> create(EntityCreate create) {
        String name = create.name();
        if (name != null && entries.stream().anyMatch(e -> name.equals(e.attributes().get("name")))) {
            return CompletableFuture.failedFuture(new EntityChangeRefused(EntityChangeRefused.BAD_REQUEST,
                    "Name conflicts with an existing entity"));
        }
        AddressConfig config;
        try {
            config = ConfiguredRouter.addressConfig(create);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(RuntimeRefusals.invalid("address", e));
        }
        CompletableFuture<Boolean> added = new CompletableFuture<>();
        core.post(c -> {
            try {
                table.add(config);
            } catch (IllegalArgumentException duplicate) {
                added.complete(false);
                return;
            }
            c.addressConfigurationChanged();
            added.complete(true);
        });
        // The management thread waits for the core (a few microseconds), so that it changes its own list itself,
        // and for the producers' loops, so that the next message sent after the answer follows the new entry.
        boolean ok;
        try {
            ok = added.get(5, TimeUnit.SECONDS);
            if (ok) {
                producersCaughtUp.get().get(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(e);
        } catch (ExecutionException | TimeoutException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (!ok) {
            return CompletableFuture.failedFuture(new EntityChangeRefused(EntityChangeRefused.BAD_REQUEST,
                    "Already exists"));
        }
        return CompletableFuture.completedFuture(add(name, config));
    }

    @Override
    public CompletableFuture<Void> delete(Map<String, Object> entity) {
        Entry entry = entries.stream().filter(e -> e.attributes().get("identity").equals(entity.get("identity")))
                .findFirst().orElse(null);
        if (entry == null) {
            return CompletableFuture.completedFuture(null);
        }
        entries.remove(entry);
        CompletableFuture<Void> removed = new CompletableFuture<>();
        core.post(c -> {
            table.remove(entry.config());
            c.addressConfigurationChanged();
            removed.complete(null);
        });
        return removed.thenCompose(ignored -> producersCaughtUp.get());
    }
}

package org.jrouterd.server.management;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.jrouterd.mgmt.agent.EntityChangeRefused;
import org.jrouterd.mgmt.agent.EntitySource;
import org.jrouterd.mgmt.agent.EntityWriter;
import org.jrouterd.server.logging.LiveLevels;
import org.jrouterd.server.logging.LogModule;

/**
 * The {@code log} entities, one per qdrouterd module ({@code log/ROUTER}, ...), with {@code enable} as the module
 * logs now; UPDATE {@code enable} changes the level live. Where SLF4J is not bound to logback (an embedding
 * application's own logging), levels are the application's: QUERY shows no {@code enable} and UPDATE answers 501.
 *
 * <p>Threads: stateless; logback's levels are safe to change from the management thread.
 */
final class LogEntities implements EntitySource, EntityWriter {

    @Override
    public CompletableFuture<List<Map<String, Object>>> entities() {
        boolean live = LiveLevels.available();
        return CompletableFuture.completedFuture(new TreeSet<>(LogModule.NAMES).stream()
                .map(module -> entity(module, live)).toList());
    }

    private static Map<String, Object> entity(String module, boolean live) {
        Map<String, Object> entity = new LinkedHashMap<>();
        entity.put("module", module);
        if (live) {
            entity.put("enable", LiveLevels.enabled(module));
        }
        entity.put("name", "log/" + module);
        entity.put("identity", "log/" + module);
        return entity;
    }

    @Override
    public CompletableFuture<Map<String, Object>> update(Map<String, Object> entity, Map<String, Object> changes) {
        String module = String.valueOf(entity.get("module"));
        Object enable = changes.get("enable");
        if (enable == null) {
            return CompletableFuture.completedFuture(entity(module, LiveLevels.available()));
        }
        if (!LiveLevels.available()) {
            return CompletableFuture.failedFuture(new EntityChangeRefused(501, "log: this router logs through the "
                    + "embedding application's SLF4J binding, not logback: set its levels there"));
        }
        try {
            LiveLevels.set(module, String.valueOf(enable));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new EntityChangeRefused(EntityChangeRefused.BAD_REQUEST,
                    "log: attribute 'enable': " + e.getMessage()));
        }
        return CompletableFuture.completedFuture(entity(module, true));
    }
}

package org.jrouterd.mgmt.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/** An entity source over a fixed list; optionally completes on another thread (as the core thread would). */
final class FakeSource implements EntitySource {

    private final List<Map<String, Object>> entities;
    private final Executor executor;
    final AtomicInteger calls = new AtomicInteger();

    FakeSource(List<Map<String, Object>> entities) {
        this(entities, null);
    }

    FakeSource(List<Map<String, Object>> entities, Executor executor) {
        this.entities = new ArrayList<>(entities);
        this.executor = executor;
    }

    @Override
    public CompletableFuture<List<Map<String, Object>>> entities() {
        calls.incrementAndGet();
        List<Map<String, Object>> snapshot = List.copyOf(entities);
        return executor == null ? CompletableFuture.completedFuture(snapshot)
                : CompletableFuture.supplyAsync(() -> snapshot, executor);
    }
}

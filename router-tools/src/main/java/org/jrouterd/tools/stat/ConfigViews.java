package org.jrouterd.tools.stat;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jrouterd.tools.client.ManagementNode;
import org.jrouterd.tools.client.ToolFailure;
import org.jrouterd.tools.format.CellText;
import org.jrouterd.tools.format.Column;
import org.jrouterd.tools.format.Column.Format;
import org.jrouterd.tools.format.PythonText;

/**
 * qdstat's views of configuration, memory and the log: {@code --autolinks}, {@code --linkroutes}, {@code -m}
 * (memory pools and summary) and {@code --log} (recent log entries, times in the local zone as {@code ctime}).
 *
 * <p>Threads: confined to the thread that runs the tool.
 */
final class ConfigViews extends StatViews {

    private static final DateTimeFormatter CTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy",
            Locale.ROOT);

    private final ZoneId zone;

    ConfigViews(ManagementNode node, StatOptions options, PrintWriter out, Clock clock) {
        super(node, options, out, clock);
        this.zone = clock.getZone();
    }

    void autolinks(boolean showDateId) {
        List<Column> heads = List.of(Column.of("addr"), Column.of("dir"), Column.of("phs"), Column.of("extAddr"),
                Column.of("link"), Column.of("status"), Column.of("lastErr"));
        List<String> cols = List.of("address", "direction", "phase", "externalAddress", "linkRef", "operStatus",
                "lastError");
        List<StatEntity> objects = query("router.config.autoLink", cols, options.limit());
        if (showDateId) {
            dateAndRouterId();
        }
        if (objects.isEmpty()) {
            println("AutoLinks");
            println("No AutoLinks found");
            return;
        }
        List<List<Object>> rows = new ArrayList<>();
        for (StatEntity al : objects) {
            rows.add(Arrays.asList(al.attr("address"), al.attr("direction"), CellText.plainNum(al.attr("phase")),
                    al.attr("externalAddress"), al.attr("linkRef"), al.attr("operStatus"), al.attr("lastError")));
        }
        tables.table("AutoLinks", heads, sorted(rows, 0));
    }

    void linkRoutes(boolean showDateId) {
        List<Column> heads = new ArrayList<>(List.of(Column.of("address"), Column.of("dir"), Column.of("distrib"),
                Column.of("status")));
        List<String> cols = List.of("prefix", "direction", "distribution", "operStatus", "pattern",
                "addExternalPrefix", "delExternalPrefix");
        List<StatEntity> routes = query("router.config.linkRoute", cols, options.limit());
        if (routes.isEmpty()) {
            if (showDateId) {
                dateAndRouterId();
            }
            println("Link Routes");
            println("No Link Routes found");
            return;
        }
        if (showDateId) {
            dateAndRouterId();
        }
        boolean addDel = false;
        List<List<Object>> rows = new ArrayList<>();
        for (StatEntity route : routes) {
            Object prefix = route.attr("prefix");
            List<Object> row = new ArrayList<>(Arrays.asList(
                    PythonText.truthy(prefix) ? prefix : route.attr("pattern"), route.attr("direction"),
                    route.attr("distribution"), route.attr("operStatus")));
            if (route.has("addExternalPrefix") && route.has("delExternalPrefix")
                    && (PythonText.truthy(route.get("addExternalPrefix"))
                        || PythonText.truthy(route.get("delExternalPrefix")))) {
                row.add(route.get("addExternalPrefix"));
                row.add(route.get("delExternalPrefix"));
                addDel = true;
            }
            rows.add(row);
        }
        if (addDel) {
            heads.add(Column.of("add-ext-prefix"));
            heads.add(Column.of("del-ext-prefix"));
        }
        tables.table("Link Routes", heads, sorted(rows, 0));
    }

    void memory(boolean showDateId) {
        List<Column> heads = List.of(Column.of("type"), Column.of("size", Format.COMMAS), Column.of("batch"),
                Column.of("thread-max", Format.COMMAS), Column.of("total", Format.COMMAS),
                Column.of("in-threads", Format.COMMAS), Column.of("rebal-in", Format.COMMAS),
                Column.of("rebal-out", Format.COMMAS));
        List<String> cols = List.of("identity", "typeSize", "transferBatchSize", "localFreeListMax",
                "totalAllocFromHeap", "heldByThreads", "batchesRebalancedToThreads", "batchesRebalancedToGlobal");
        List<StatEntity> objects = query("allocator", cols, null);
        if (showDateId) {
            dateAndRouterId();
        }
        long pooledTotal = 0;
        boolean enabled = true;
        List<List<Object>> rows = new ArrayList<>();
        for (StatEntity t : objects) {
            if (t.attr("totalAllocFromHeap") == null) {
                enabled = false;
                break;
            }
            List<Object> row = new ArrayList<>();
            row.add(AddressText.identityClean((String) t.attr("identity")));
            for (String a : cols.subList(1, cols.size())) {
                row.add(CellText.plainNum(t.attr(a)));
            }
            rows.add(row);
            Double size = PythonText.asDouble(t.attr("typeSize"));
            Double total = PythonText.asDouble(t.attr("totalAllocFromHeap"));
            if (size == null || total == null) {
                throw new ToolFailure("TypeError", "unsupported operand type(s) for *");
            }
            pooledTotal += (long) (size * total);
        }
        if (rows.isEmpty() || !enabled) {
            println("No memory statistics available");
            return;
        }
        tables.table("Memory Pools", heads, sorted(rows, 0));
        Object memory;
        try {
            List<StatEntity> routers = query("router", List.of("memoryUsage"), null);
            memory = routers.get(0).attr("memoryUsage");
        } catch (RuntimeException e) {
            memory = null;
        }
        Column vmSize = memory != null ? Column.of("VmSize", Format.KIMIGI) : Column.of("VmSize");
        tables.table("\nMemory Summary", List.of(vmSize, Column.of("Pooled", Format.KIMIGI)),
                List.of(Arrays.asList(memory != null ? memory : "-", pooledTotal)));
    }

    void log() {
        Object entries = node.log(options.limit());
        if (!(entries instanceof List<?> lines)) {
            return;
        }
        for (Object entry : lines) {
            if (!(entry instanceof List<?> line) || line.size() < 6) {
                throw new ToolFailure("IndexError", "list index out of range");
            }
            Double seconds = PythonText.asDouble(line.get(5));
            if (seconds == null) {
                throw new ToolFailure("TypeError", "an integer is required");
            }
            String time = CTIME.format(Instant.ofEpochMilli((long) Math.floor(seconds * 1000)).atZone(zone));
            println(time + " " + PythonText.str(line.get(0)) + " (" + PythonText.str(line.get(1)) + ") "
                    + PythonText.str(line.get(2)));
        }
    }
}

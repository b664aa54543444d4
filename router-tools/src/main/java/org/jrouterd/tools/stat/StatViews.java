package org.jrouterd.tools.stat;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jrouterd.tools.client.ManagementNode;
import org.jrouterd.tools.client.ToolFailure;
import org.jrouterd.tools.format.CellText;
import org.jrouterd.tools.format.Column;
import org.jrouterd.tools.format.Column.Format;
import org.jrouterd.tools.format.PythonText;
import org.jrouterd.tools.format.TablePrinter;

/**
 * qdstat's views of the router's traffic: {@code -g} (router statistics), {@code -c} (connections), {@code -l}
 * (links), {@code -n} (routers in the network), {@code -a} (addresses) and {@code -e} (edge connections), each
 * asking what qdstat asks and choosing its columns from what the first entity carries, as qdstat does so that it
 * works against older routers.
 *
 * <p>Threads: confined to the thread that runs the tool.
 */
class StatViews {

    static final String PREFIX = "org.apache.qpid.dispatch.";

    private static final DateTimeFormatter TOPO_CHANGE =
            DateTimeFormatter.ofPattern("EEEE MMM dd HH:mm:ss yyyy", Locale.ROOT);

    final ManagementNode node;
    final StatOptions options;
    final PrintWriter out;
    final TablePrinter tables;
    private final Clock clock;

    StatViews(ManagementNode node, StatOptions options, PrintWriter out, Clock clock) {
        this.node = node;
        this.options = options;
        this.out = out;
        this.tables = new TablePrinter(out, options.csv());
        this.clock = clock;
    }

    List<StatEntity> query(String type, List<String> attributeNames, Integer limit) {
        List<StatEntity> entities = new ArrayList<>();
        for (Map<String, Object> map : node.query(PREFIX + type, attributeNames, limit).maps(false)) {
            entities.add(new StatEntity(map));
        }
        return entities;
    }

    void println(String line) {
        out.print(line);
        out.print('\n');
    }

    /** {@code str(datetime.utcnow()) + " UTC"}: microseconds shown unless they are zero. */
    String utcNow() {
        LocalDateTime now = LocalDateTime.now(clock.withZone(ZoneOffset.UTC));
        int micros = now.getNano() / 1000;
        String text = now.withNano(0).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT));
        return (micros == 0 ? text : text + String.format(".%06d", micros)) + " UTC";
    }

    void displayRouterId() {
        List<StatEntity> routers = query("router", null, null);
        if (routers.isEmpty()) {
            throw new ToolFailure("IndexError", "list index out of range");
        }
        println(PythonText.str(routers.get(0).attr("id")));
    }

    void dateAndRouterId() {
        println(utcNow());
        displayRouterId();
        println("");
    }

    void general(boolean showDateId) {
        List<StatEntity> routers = query("router", null, null);
        if (routers.isEmpty()) {
            throw new ToolFailure("IndexError", "list index out of range");
        }
        StatEntity router = routers.get(0);
        if (showDateId) {
            dateAndRouterId();
        }
        List<List<Object>> rows = new ArrayList<>();
        rows.add(Arrays.asList("Version", router.attr("version")));
        rows.add(Arrays.asList("Mode", router.attr("mode")));
        rows.add(Arrays.asList("Router Id", router.attr("id")));
        tryRow(rows, "Worker Threads", () -> CellText.plainNum(router.attr("workerThreads")));
        tryRow(rows, "Uptime", () -> CellText.timeLong(router.attr("uptimeSeconds")));
        try {
            Double memory = PythonText.asDouble(router.attr("memoryUsage"));
            if (memory == null) {
                throw new IllegalArgumentException("not comparable");
            }
            if (memory > 0) {
                rows.add(Arrays.asList("VmSize", CellText.numKmg(router.attr("memoryUsage"), 1024)));
            }
        } catch (RuntimeException e) {
            // qdstat leaves the row out
        }
        rows.add(Arrays.asList("Area", router.attr("area")));
        rows.add(Arrays.asList("Link Routes", CellText.plainNum(router.attr("linkRouteCount"))));
        rows.add(Arrays.asList("Auto Links", CellText.plainNum(router.attr("autoLinkCount"))));
        rows.add(Arrays.asList("Links", CellText.plainNum(router.attr("linkCount"))));
        rows.add(Arrays.asList("Nodes", CellText.plainNum(router.attr("nodeCount"))));
        rows.add(Arrays.asList("Addresses", CellText.plainNum(router.attr("addrCount"))));
        rows.add(Arrays.asList("Connections", CellText.plainNum(router.attr("connectionCount"))));
        try {
            plainRow(rows, router, "Presettled Count", "presettledDeliveries");
            plainRow(rows, router, "Dropped Presettled Count", "droppedPresettledDeliveries");
            plainRow(rows, router, "Accepted Count", "acceptedDeliveries");
            plainRow(rows, router, "Rejected Count", "rejectedDeliveries");
            plainRow(rows, router, "Released Count", "releasedDeliveries");
            plainRow(rows, router, "Modified Count", "modifiedDeliveries");
            try {
                plainRow(rows, router, "Deliveries Delayed > 1sec", "deliveriesDelayed1Sec");
                plainRow(rows, router, "Deliveries Delayed > 10sec", "deliveriesDelayed10Sec");
                plainRow(rows, router, "Deliveries Stuck > 10sec", "deliveriesStuck");
                plainRow(rows, router, "Deliveries to Fallback", "deliveriesRedirectedToFallback");
                try {
                    plainRow(rows, router, "Links Blocked", "linksBlocked");
                } catch (RuntimeException e) {
                    // an older router
                }
            } catch (RuntimeException e) {
                // an older router
            }
            plainRow(rows, router, "Ingress Count", "deliveriesIngress");
            plainRow(rows, router, "Egress Count", "deliveriesEgress");
            plainRow(rows, router, "Transit Count", "deliveriesTransit");
            plainRow(rows, router, "Deliveries from Route Container", "deliveriesIngressRouteContainer");
            plainRow(rows, router, "Deliveries to Route Container", "deliveriesEgressRouteContainer");
        } catch (RuntimeException e) {
            // a router before 1.1
        }
        tables.table("Router Statistics", List.of(Column.of("attr"), Column.of("value")), rows);
    }

    private static void plainRow(List<List<Object>> rows, StatEntity entity, String label, String attribute) {
        rows.add(Arrays.asList(label, CellText.plainNum(entity.attr(attribute))));
    }

    private static void tryRow(List<List<Object>> rows, String label, java.util.function.Supplier<String> value) {
        try {
            rows.add(Arrays.asList(label, value.get()));
        } catch (RuntimeException e) {
            // qdstat leaves the row out
        }
    }

    void connections(boolean showDateId) {
        List<Column> heads = new ArrayList<>(List.of(Column.of("id"), Column.of("host"), Column.of("container"),
                Column.of("role"), Column.of("proto"), Column.of("dir"), Column.of("security"),
                Column.of("authentication"), Column.of("tenant")));
        List<StatEntity> objects = query("connection", null, options.limit());
        if (showDateId) {
            dateAndRouterId();
        }
        boolean hasLastDlv = !objects.isEmpty() && objects.get(0).has("lastDlvSeconds");
        boolean hasUptime = !objects.isEmpty() && objects.get(0).has("uptimeSeconds");
        if (hasLastDlv) {
            heads.add(Column.of("last dlv"));
        }
        if (hasUptime) {
            heads.add(Column.of("uptime"));
        }
        List<List<Object>> rows = new ArrayList<>();
        for (StatEntity conn : objects) {
            List<Object> row = new ArrayList<>();
            row.add(conn.attr("identity"));
            row.add(conn.attr("host"));
            row.add(conn.attr("container"));
            row.add(conn.get("role"));
            row.add(conn.attr("protocol"));
            row.add(conn.attr("dir"));
            row.add(security(conn));
            row.add(authentication(conn));
            row.add(noTrailingSlash(conn.get("tenant")));
            if (hasLastDlv) {
                Object last = conn.attr("lastDlvSeconds");
                row.add(last == null ? "-" : timeLong(last));
            }
            if (hasUptime) {
                row.add(timeLong(conn.attr("uptimeSeconds")));
            }
            rows.add(row);
        }
        tables.table("Connections", heads, rows);
    }

    void edges(boolean showDateId) {
        List<Column> heads = new ArrayList<>(List.of(Column.of("id"), Column.of("host"), Column.of("container"),
                Column.of("role"), Column.of("dir"), Column.of("security"), Column.of("authentication"),
                Column.of("tenant")));
        List<StatEntity> objects = query("connection", null, options.limit());
        if (showDateId) {
            dateAndRouterId();
        }
        if (objects.isEmpty()) {
            println("No Edge Router Connections");
            return;
        }
        boolean hasActive = objects.get(0).has("active");
        if (hasActive) {
            heads.add(Column.of("active"));
        }
        List<List<Object>> rows = new ArrayList<>();
        for (StatEntity conn : objects) {
            if (!"edge".equals(conn.attr("role"))) {
                continue;
            }
            List<Object> row = new ArrayList<>(Arrays.asList(conn.attr("identity"), conn.attr("host"),
                    conn.attr("container"), conn.attr("role"), conn.attr("dir"), security(conn),
                    authentication(conn), noTrailingSlash(conn.get("tenant"))));
            if (hasActive) {
                row.add(PythonText.truthy(conn.attr("active")) ? "yes" : "no");
            }
            rows.add(row);
        }
        if (!rows.isEmpty()) {
            tables.table("Connections", heads, rows);
        }
    }

    private static String timeLong(Object seconds) {
        try {
            return CellText.timeLong(seconds);
        } catch (IllegalArgumentException e) {
            throw new ToolFailure("TypeError", "unsupported operand type(s) for //: '"
                    + pythonTypeName(seconds) + "' and 'int'");
        }
    }

    static String pythonTypeName(Object value) {
        if (value == null) {
            return "NoneType";
        }
        if (value instanceof String) {
            return "str";
        }
        if (value instanceof List) {
            return "list";
        }
        if (value instanceof Map) {
            return "dict";
        }
        return value.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }

    private static Object authentication(StatEntity conn) {
        if (!PythonText.truthy(conn.attr("isAuthenticated"))) {
            return "no-auth";
        }
        Object sasl = conn.attr("sasl");
        if ("GSSAPI".equals(sasl)) {
            sasl = "Kerberos";
        } else if ("EXTERNAL".equals(sasl)) {
            sasl = "x.509";
        } else if ("ANONYMOUS".equals(sasl)) {
            return "anonymous-user";
        }
        Object user = conn.attr("user");
        if (!PythonText.truthy(user)) {
            return sasl;
        }
        return PythonText.str(user) + "(" + PythonText.str(sasl) + ")";
    }

    private static Object security(StatEntity conn) {
        if (!PythonText.truthy(conn.attr("isEncrypted"))) {
            return "no-security";
        }
        if ("GSSAPI".equals(conn.attr("sasl"))) {
            return "Kerberos";
        }
        return PythonText.str(conn.attr("sslProto")) + "(" + PythonText.str(conn.attr("sslCipher")) + ")";
    }

    private static String noTrailingSlash(Object text) {
        if (text == null) {
            return "";
        }
        String s = PythonText.str(text);
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    void links(boolean showDateId) {
        List<Column> heads = new ArrayList<>(List.of(Column.of("type"), Column.of("dir"), Column.of("conn id"),
                Column.of("id"), Column.of("peer"), Column.of("class"), Column.of("addr"), Column.of("phs"),
                Column.of("cap", Format.PLAIN_NUM)));
        List<String> cols = List.of("linkType", "linkDir", "connectionId", "identity", "peer", "owningAddr",
                "capacity", "undeliveredCount", "unsettledCount", "deliveryCount", "presettledCount",
                "droppedPresettledCount", "acceptedCount", "rejectedCount", "releasedCount", "modifiedCount",
                "deliveriesDelayed1Sec", "deliveriesDelayed10Sec", "deliveriesStuck", "creditAvailable",
                "zeroCreditSeconds", "adminStatus", "operStatus", "linkName", "priority", "settleRate");
        List<StatEntity> objects = query("router.link", cols, options.limit());
        if (showDateId) {
            dateAndRouterId();
        }
        StatEntity first = objects.isEmpty() ? null : objects.get(0);
        boolean dropped = first != null && first.has("droppedPresettledCount");
        boolean priority = first != null && first.has("priority");
        boolean delayed = first != null && first.has("deliveriesDelayed1Sec");
        boolean stuck = first != null && first.has("deliveriesStuck");
        boolean credit = first != null && first.has("creditAvailable");
        if (priority) {
            heads.add(Column.of("pri", Format.PLAIN_NUM));
        }
        for (String h : List.of("undel", "unsett", "deliv", "presett")) {
            heads.add(Column.of(h, Format.PLAIN_NUM));
        }
        if (dropped) {
            heads.add(Column.of("psdrop", Format.PLAIN_NUM));
        }
        for (String h : List.of("acc", "rej", "rel", "mod")) {
            heads.add(Column.of(h, Format.PLAIN_NUM));
        }
        if (delayed) {
            heads.add(Column.of("delay", Format.PLAIN_NUM));
            heads.add(Column.of("rate", Format.PLAIN_NUM));
        }
        if (stuck) {
            heads.add(Column.of("stuck", Format.PLAIN_NUM));
        }
        if (credit) {
            heads.add(Column.of("cred", Format.PLAIN_NUM));
            heads.add(Column.of("blkd"));
        }
        if (options.verbose()) {
            heads.add(Column.of("admin"));
            heads.add(Column.of("oper"));
            heads.add(Column.of("name"));
        }
        List<List<Object>> rows = new ArrayList<>();
        for (StatEntity link : objects) {
            String owning = (String) link.attr("owningAddr");
            List<Object> row = new ArrayList<>(Arrays.asList(link.attr("linkType"), link.attr("linkDir"),
                    link.attr("connectionId"), link.attr("identity"), link.attr("peer"),
                    AddressText.addrClass(owning), AddressText.addrText(owning), AddressText.addrPhase(owning),
                    link.attr("capacity")));
            if (priority) {
                row.add(link.attr("priority"));
            }
            for (String a : List.of("undeliveredCount", "unsettledCount", "deliveryCount", "presettledCount")) {
                row.add(link.attr(a));
            }
            if (dropped) {
                row.add(link.attr("droppedPresettledCount"));
            }
            for (String a : List.of("acceptedCount", "rejectedCount", "releasedCount", "modifiedCount")) {
                row.add(link.attr(a));
            }
            if (delayed) {
                row.add(add(link.attr("deliveriesDelayed1Sec"), link.attr("deliveriesDelayed10Sec")));
                row.add(link.attr("settleRate"));
            }
            if (stuck) {
                row.add(link.attr("deliveriesStuck"));
            }
            if (credit) {
                row.add(link.attr("creditAvailable"));
                Object zero = link.attr("zeroCreditSeconds");
                Double z = PythonText.asDouble(zero);
                if (z == null) {
                    throw new ToolFailure("TypeError", "'>' not supported between instances of '"
                            + pythonTypeName(zero) + "' and 'int'");
                }
                row.add(z > 0 ? CellText.timeShort(PythonText.asInteger(zero).multiply(
                        java.math.BigInteger.valueOf(1_000_000_000L))) : "-");
            }
            if (options.verbose()) {
                row.add(link.attr("adminStatus"));
                row.add(link.attr("operStatus"));
                row.add(link.attr("linkName"));
            }
            rows.add(row);
        }
        tables.table("Router Links", heads, rows);
    }

    private static Object add(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) {
            return x + y;
        }
        Double x = PythonText.asDouble(a);
        Double y = PythonText.asDouble(b);
        if (x == null || y == null) {
            throw new ToolFailure("TypeError", "unsupported operand type(s) for +: '" + pythonTypeName(a)
                    + "' and '" + pythonTypeName(b) + "'");
        }
        return x + y;
    }

    void nodes(boolean showDateId) {
        List<Column> heads = new ArrayList<>(List.of(Column.of("router-id"), Column.of("next-hop"),
                Column.of("link")));
        if (options.verbose()) {
            heads.addAll(List.of(Column.of("ver"), Column.of("cost"), Column.of("neighbors"),
                    Column.of("valid-origins")));
        }
        List<StatEntity> objects = query("router.node", null, options.limit());
        double lastTopoChange = 0.0;
        if (showDateId) {
            dateAndRouterId();
        }
        List<List<Object>> rows = new ArrayList<>();
        for (StatEntity node : objects) {
            Object change = node.attr("lastTopoChange");
            if (PythonText.truthy(change)) {
                double value = toFloat(change);
                if (value > lastTopoChange) {
                    lastTopoChange = value;
                }
            }
            List<Object> row = new ArrayList<>();
            row.add(node.attr("id"));
            Object nextHop = node.attr("nextHop");
            if (nextHop != null) {
                row.add(nextHop);
                row.add("-");
            } else {
                row.add("-");
                row.add(CellText.plainNum(node.attr("routerLink")));
            }
            if (options.verbose()) {
                row.add(CellText.plainNum(node.get("protocolVersion")));
                Object cost = node.get("cost");
                row.add(PythonText.truthy(cost) ? CellText.plainNum(cost) : "");
                row.add(PythonText.repr(listClean(node.attr("linkState"))));
                row.add(PythonText.repr(listClean(node.attr("validOrigins"))));
            }
            rows.add(row);
        }
        if (rows.isEmpty()) {
            println("Router is Standalone - No Router List");
            return;
        }
        String title = "Routers in the Network";
        if (lastTopoChange > 1.0) {
            title += "\nLast Topology Change: " + TOPO_CHANGE.format(LocalDateTime.ofEpochSecond(
                    (long) Math.floor(lastTopoChange), 0, ZoneOffset.UTC)) + " GMT";
        }
        tables.table(title, heads, sorted(rows, 0));
    }

    private static double toFloat(Object value) {
        if (value instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw new ToolFailure("ValueError", "could not convert string to float: " + PythonText.repr(s));
            }
        }
        Double d = PythonText.asDouble(value);
        if (d == null) {
            throw new ToolFailure("TypeError", "float() argument must be a string or a real number, not '"
                    + pythonTypeName(value) + "'");
        }
        return d;
    }

    private static List<String> listClean(Object list) {
        List<String> out = new ArrayList<>();
        if (list instanceof List<?> items) {
            items.forEach(i -> out.add(PythonText.str(i)));
        } else if (PythonText.truthy(list)) {
            PythonText.str(list).codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
        }
        return out;
    }

    /** qdstat's {@code Sorter}: a stable sort on one column's values (text compared by code points). */
    static List<List<Object>> sorted(List<List<Object>> rows, int column) {
        List<List<Object>> copy = new ArrayList<>(rows);
        copy.sort(Comparator.comparing(row -> row.get(column), StatViews::pythonCompare));
        return copy;
    }

    private static int pythonCompare(Object a, Object b) {
        if (a instanceof String x && b instanceof String y) {
            return x.compareTo(y);
        }
        Double x = PythonText.asDouble(a);
        Double y = PythonText.asDouble(b);
        if (x != null && y != null) {
            return Double.compare(x, y);
        }
        return PythonText.str(a).compareTo(PythonText.str(b));
    }

    void addresses(boolean showDateId) {
        List<Column> heads = new ArrayList<>(List.of(Column.of("class"), Column.of("addr"), Column.of("phs"),
                Column.of("distrib")));
        List<String> cols = List.of("distribution", "inProcess", "subscriberCount", "remoteCount",
                "containerCount", "deliveriesIngress", "deliveriesEgress", "deliveriesRedirectedToFallback",
                "deliveriesTransit", "deliveriesToContainer", "deliveriesFromContainer", "name", "priority");
        List<StatEntity> objects = query("router.address", cols, options.limit());
        if (showDateId) {
            dateAndRouterId();
        }
        boolean priority = !objects.isEmpty() && objects.get(0).has("priority");
        if (priority) {
            heads.add(Column.of("pri"));
        }
        if (options.verbose()) {
            heads.add(Column.of("in-proc", Format.COMMAS));
        }
        for (String h : List.of("local", "remote", "in", "out", "thru", "fallback")) {
            heads.add(Column.of(h, Format.COMMAS));
        }
        if (options.verbose()) {
            heads.add(Column.of("to-proc", Format.COMMAS));
            heads.add(Column.of("from-proc", Format.COMMAS));
        }
        List<List<Object>> rows = new ArrayList<>();
        for (StatEntity addr : objects) {
            String name = (String) addr.attr("name");
            List<Object> row = new ArrayList<>(Arrays.asList(AddressText.addrClass(name),
                    AddressText.addrText(name), AddressText.addrPhase(name), addr.attr("distribution")));
            if (priority) {
                Object pri = addr.attr("priority");
                Double p = PythonText.asDouble(pri);
                if (p == null) {
                    throw new ToolFailure("TypeError", "'>=' not supported between instances of '"
                            + pythonTypeName(pri) + "' and 'int'");
                }
                row.add(p >= 0 ? CellText.plainNum(pri) : "-");
            }
            if (options.verbose()) {
                row.add(CellText.plainNum(addr.attr("inProcess")));
            }
            boolean container = name != null && !name.isEmpty() && "CDEF".indexOf(name.charAt(0)) >= 0;
            row.add(CellText.plainNum(addr.attr(container ? "containerCount" : "subscriberCount")));
            row.add(CellText.plainNum(addr.attr("remoteCount")));
            row.add(CellText.plainNum(addr.attr("deliveriesIngress")));
            row.add(CellText.plainNum(addr.attr("deliveriesEgress")));
            row.add(CellText.plainNum(addr.attr("deliveriesTransit")));
            row.add(addr.has("deliveriesRedirectedToFallback")
                    ? CellText.plainNum(addr.get("deliveriesRedirectedToFallback")) : "-");
            if (options.verbose()) {
                row.add(CellText.plainNum(addr.attr("deliveriesToContainer")));
                row.add(CellText.plainNum(addr.attr("deliveriesFromContainer")));
            }
            rows.add(row);
        }
        tables.table("Router Addresses", heads, sorted(rows, 1));
    }
}

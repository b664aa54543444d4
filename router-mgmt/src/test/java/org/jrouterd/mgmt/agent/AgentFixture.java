package org.jrouterd.mgmt.agent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jrouterd.mgmt.schema.EntitySchema;

/** A small router's entities: two links, a connection, two configured addresses. */
final class AgentFixture {

    private AgentFixture() {
    }

    static Map<String, Object> link(String identity, String dir, String addr) {
        Map<String, Object> link = new LinkedHashMap<>();
        link.put("identity", identity);
        link.put("name", "client-" + identity);
        link.put("linkName", "client-" + identity);
        link.put("linkType", "endpoint");
        link.put("linkDir", dir);
        link.put("owningAddr", addr);
        link.put("capacity", 250);
        link.put("peer", null);
        link.put("deliveryCount", 3L);
        link.put("adminStatus", "enabled");
        link.put("operStatus", "up");
        return link;
    }

    static Map<String, Object> address(String name, String identity, String prefix, String distribution) {
        Map<String, Object> address = new LinkedHashMap<>();
        address.put("name", name);
        address.put("identity", identity);
        address.put("prefix", prefix);
        address.put("distribution", distribution);
        address.put("waypoint", false);
        return address;
    }

    static Map<String, EntitySource> sources() {
        return Map.of(
                "router.link", new FakeSource(List.of(link("5", "in", "M0$management"),
                        link("6", "out", "Ltemp.x"))),
                "connection", new FakeSource(List.of(Map.of("identity", "2", "name", "connection/127.0.0.1:39400",
                        "host", "127.0.0.1:39400", "role", "normal", "dir", "in", "container", "c1"))),
                "router.config.address", new FakeSource(List.of(address("address/0", "1", "foo", "multicast"),
                        address("barAddr", "2", "bar", "closest"))));
    }

    static ManagementAgent agent() {
        return new ManagementAgent("R1", EntitySchema.qdrouterd(), sources(), () -> List.of("R2", "R3"));
    }
}

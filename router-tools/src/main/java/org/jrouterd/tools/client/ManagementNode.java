package org.jrouterd.tools.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.message.Message;

/**
 * A router's management node, as qdmanage's {@code Node} talks to it: the requests (QUERY paged by 500, READ,
 * CREATE, UPDATE, DELETE, the node's GET-* operations and any other operation), their application properties
 * and bodies, and the status each expects. The node is {@code $management}, {@code _topo/0/<router>/$management}
 * with {@code -r}, {@code _edge/<id>/$management} with {@code -d}, or the path of {@code -b}'s URL.
 *
 * <p>Threads: confined to the thread that opened it.
 */
public final class ManagementNode implements AutoCloseable {

    /** Largest page of a QUERY, as qdmanage asks. */
    public static final int PAGE = 500;

    private static final String NODE_TYPE = "org.amqp.management";

    private final ManagementConnection connection;
    private String address;

    private ManagementNode(ManagementConnection connection, String address) {
        this.connection = connection;
        this.address = address;
    }

    /** Connects to {@code bus} and addresses the node that {@code router} or {@code edgeRouter} names. */
    public static ManagementNode connect(BusAddress bus, String router, String edgeRouter, Duration timeout,
                                         String saslMechanism) {
        String address;
        if (bus.path() != null) {
            address = bus.path();
        } else if (router != null) {
            address = "_topo/0/" + router + "/$management";
        } else if (edgeRouter != null) {
            address = "_edge/" + edgeRouter + "/$management";
        } else {
            address = "$management";
        }
        ManagementConnection connection = ManagementConnection.open(bus, timeout, saslMechanism);
        try {
            connection.target(address);
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
        return new ManagementNode(connection, address);
    }

    /** Sends further requests to another node (qdstat {@code --all-routers}: {@code _topo/0/<id>/$management}). */
    public void useNode(String nodeAddress) {
        this.address = nodeAddress;
        connection.target(nodeAddress);
    }

    /** The node's address. */
    public String address() {
        return address;
    }

    /** A response: status, description and the normalized body. */
    public record Response(int status, String description, Object body) {
    }

    /** The rows of a QUERY: the attribute names and, per entity, the values in that order. */
    public record QueryResult(List<String> attributeNames, List<List<Object>> results) {

        /** Each entity as a map; with {@code clean} without the null values (qdmanage query). */
        public List<Map<String, Object>> maps(boolean clean) {
            List<Map<String, Object>> out = new ArrayList<>();
            for (List<Object> row : results) {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < attributeNames.size() && i < row.size(); i++) {
                    if (!clean || row.get(i) != null) {
                        map.put(attributeNames.get(i), row.get(i));
                    }
                }
                out.add(map);
            }
            return out;
        }
    }

    /**
     * QUERY of {@code type} (null: all), selecting {@code attributeNames} (empty: all), in pages of 500 until a
     * short page or {@code count} entities (null or 0: no limit).
     */
    public QueryResult query(String type, List<String> attributeNames, Integer count) {
        List<String> names = new ArrayList<>();
        List<List<Object>> results = new ArrayList<>();
        long offset = 0;
        long pageSize = count == null || count == 0 ? PAGE : Math.min(PAGE, count);
        while (true) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("attributeNames", attributeNames == null ? List.of() : attributeNames);
            Map<String, Object> props = nodeProperties("QUERY");
            props.put("entityType", type);
            props.put("offset", offset);
            props.put("count", pageSize);
            Response response = call(props, body, 200);
            Map<?, ?> map = response.body() instanceof Map<?, ?> m ? m : Map.of();
            if (names.isEmpty() && map.get("attributeNames") instanceof List<?> list) {
                list.forEach(n -> names.add(String.valueOf(n)));
            }
            List<?> page = map.get("results") instanceof List<?> list ? list : List.of();
            for (Object row : page) {
                results.add(row instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>());
            }
            if (page.size() < pageSize) {
                break;
            }
            if (count != null && count != 0) {
                if (results.size() >= count) {
                    break;
                }
                pageSize = Math.min(pageSize, count - results.size());
            }
            offset += pageSize;
        }
        return new QueryResult(names, results);
    }

    /** READ by identity (preferred when both are given) or name; the entity's attributes. */
    public Object read(String type, String name, String identity) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("operation", "READ");
        props.put("type", type);
        props.put("name", identity != null ? null : name);
        props.put("identity", identity);
        return call(props, Map.of(), 200).body();
    }

    /** CREATE; the new entity's attributes. */
    public Object create(String type, String name, Map<String, Object> attributes) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("operation", "CREATE");
        props.put("type", type != null ? type : (String) attributes.get("type"));
        props.put("name", name != null ? name : attributes.get("name"));
        return call(props, attributes, 201).body();
    }

    /** UPDATE; the entity's attributes after the change. */
    public Object update(String type, String name, String identity, Map<String, Object> attributes) {
        String t = type != null ? type : (String) attributes.get("type");
        Object n = name != null ? name : attributes.get("name");
        Object id = identity != null ? identity : attributes.get("identity");
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("operation", "UPDATE");
        props.put("type", t);
        props.put("name", n != null && id != null ? null : n);
        props.put("identity", id);
        return call(props, attributes, 200).body();
    }

    /** DELETE. */
    public void delete(String type, String name, String identity) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("operation", "DELETE");
        props.put("type", type);
        props.put("name", identity != null ? null : name);
        props.put("identity", identity);
        call(props, Map.of(), 204);
    }

    /** A node operation such as GET-TYPES or GET-MGMT-NODES, with {@code entityType} when not null. */
    public Object nodeOperation(String operation, String entityType) {
        Map<String, Object> props = nodeProperties(operation);
        props.put("entityType", entityType);
        return call(props, Map.of(), 200).body();
    }

    /** GET-LOG, the last {@code limit} entries (null: all the router keeps). */
    public Object log(Integer limit) {
        Map<String, Object> props = nodeProperties("GET-LOG");
        props.put("limit", limit == null ? null : (long) limit);
        return call(props, Map.of(), 200).body();
    }

    /** Any request: the properties as given (nulls left out) and the body (null: an empty map). */
    public Object request(Map<String, Object> properties, Object body) {
        return call(properties, body == null ? Map.of() : body, 200).body();
    }

    private static Map<String, Object> nodeProperties(String operation) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("name", "self");
        props.put("type", NODE_TYPE);
        props.put("operation", operation);
        return props;
    }

    private Response call(Map<String, Object> properties, Object body, int expect) {
        Map<String, Object> clean = new LinkedHashMap<>();
        properties.forEach((k, v) -> {
            if (v != null) {
                clean.put(k, v);
            }
        });
        Message request = Message.Factory.create();
        request.setApplicationProperties(new ApplicationProperties(clean));
        request.setBody(new AmqpValue(body));
        Message reply = connection.call(request);
        Map<String, Object> replyProps = reply.getApplicationProperties() == null ? Map.of()
                : reply.getApplicationProperties().getValue();
        Object code = AmqpValues.normalize(replyProps.get("statusCode"));
        Object description = AmqpValues.normalize(replyProps.get("statusDescription"));
        int status = code instanceof Long l ? l.intValue() : -1;
        String text = description == null ? null : String.valueOf(description);
        if (status != expect) {
            throw ManagementError.of(status, text, expect);
        }
        Object replyBody = reply.getBody() instanceof AmqpValue v ? AmqpValues.normalize(v.getValue()) : null;
        return new Response(status, text, replyBody);
    }

    /** Closes the connection. */
    @Override
    public void close() {
        connection.close();
    }
}

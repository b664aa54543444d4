package org.jrouterd.mgmt.agent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.message.Message;
import org.jrouterd.mgmt.json.PythonJson;
import org.jrouterd.mgmt.schema.EntityCreate;
import org.jrouterd.mgmt.schema.EntitySchema;
import org.jrouterd.mgmt.schema.EntityValidator;
import org.jrouterd.mgmt.schema.InvalidEntityException;
import org.jrouterd.mgmt.schema.RawAttribute;
import org.jrouterd.mgmt.schema.SecretResolver;

/**
 * The AMQP management agent of one router, as qdrouterd 1.19 answers at {@code $management}: turns a request message
 * into its response message. It reads entities from one {@link EntitySource} per type and holds no entity state.
 *
 * <p>Requests: application properties {@code operation}, {@code type} (a full, long or short type name, or {@code
 * org.amqp.management} for the node), {@code name} or {@code identity}, and for QUERY {@code entityType},
 * {@code offset}, {@code count}. Responses: {@code to} = the request's {@code reply_to}, the request's {@code
 * correlation_id}, application properties {@code statusCode} (int) and {@code statusDescription}, and an amqp-value
 * body ({@code {}} on failure, as qdrouterd). CREATE, UPDATE and DELETE go to the type's {@link EntityWriter}; a
 * CREATE is checked by the config file's {@link EntityValidator} (a bad value gets its message as a 400). A type
 * without a writer (or a writer without that change) answers 501 naming the type.
 *
 * <p>Threads: the management thread calls {@link #handle}; the agent's tables are immutable and its counters are
 * lock-free, so the returned future may complete on a source's thread.
 */
public final class ManagementAgent {

    private static final String SELF = "self";

    private final String routerId;
    private final TypeCatalog catalog;
    private final Map<String, Object> schemaDocument;
    private final Map<String, EntitySource> sources;
    private final Map<String, EntityWriter> writers;
    private final EntityValidator validator = new EntityValidator(SecretResolver.system(), true);
    private final Supplier<? extends List<String>> nodeRouterIds;
    private final LogSource logs;
    private final Map<String, Object> self;
    private final QueryOperation query;
    private final EntityLookup lookup;
    private final LongAdder handled = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();

    /**
     * Creates an agent without log records (GET-LOG answers an empty list).
     *
     * @param routerId this router's id
     * @param schema the entity schema, normally {@link EntitySchema#qdrouterd()}
     * @param sources the entity sources by type, keyed by long name ({@code router.link}, {@code connection},
     *     {@code router.config.address}); a type without a source has no entities
     * @param nodeRouterIds the routers whose management nodes GET-MGMT-NODES lists (qdrouterd lists every router of
     *     its mesh, itself included, and none when standalone); called on the management thread, so it must read a
     *     published snapshot
     */
    public ManagementAgent(String routerId, EntitySchema schema, Map<String, EntitySource> sources,
            Supplier<? extends List<String>> nodeRouterIds) {
        this(routerId, schema, sources, nodeRouterIds, LogSource.NONE, Map.of());
    }

    /** Creates an agent without runtime changes (CREATE, UPDATE and DELETE answer 501). */
    public ManagementAgent(String routerId, EntitySchema schema, Map<String, EntitySource> sources,
            Supplier<? extends List<String>> nodeRouterIds, LogSource logs) {
        this(routerId, schema, sources, nodeRouterIds, logs, Map.of());
    }

    /**
     * Creates an agent.
     *
     * @param routerId this router's id
     * @param schema the entity schema, normally {@link EntitySchema#qdrouterd()}
     * @param sources the entity sources by type, keyed by long name
     * @param nodeRouterIds the routers whose management nodes GET-MGMT-NODES lists
     * @param logs the recent log records, for GET-LOG
     * @param writers the runtime changes by type, keyed by long name; a type without one answers 501 to CREATE,
     *     UPDATE and DELETE
     */
    public ManagementAgent(String routerId, EntitySchema schema, Map<String, EntitySource> sources,
            Supplier<? extends List<String>> nodeRouterIds, LogSource logs, Map<String, EntityWriter> writers) {
        this.routerId = Objects.requireNonNull(routerId, "routerId");
        this.catalog = new TypeCatalog(schema);
        this.schemaDocument = SchemaDocument.build(catalog);
        Map<String, EntitySource> byLongName = new LinkedHashMap<>();
        for (Map.Entry<String, EntitySource> entry : sources.entrySet()) {
            AgentType type = catalog.resolve(entry.getKey());
            byLongName.put(type.name(), Objects.requireNonNull(entry.getValue(), entry.getKey()));
        }
        this.sources = Map.copyOf(byLongName);
        Map<String, EntityWriter> writersByName = new LinkedHashMap<>();
        writers.forEach((name, writer) -> writersByName.put(catalog.resolve(name).name(),
                Objects.requireNonNull(writer, name)));
        this.writers = Map.copyOf(writersByName);
        this.nodeRouterIds = Objects.requireNonNull(nodeRouterIds, "nodeRouterIds");
        this.logs = Objects.requireNonNull(logs, "logs");
        this.self = Map.of("identity", SELF, "name", SELF, "type", catalog.management().fullName());
        this.query = new QueryOperation(catalog, this.sources, self);
        this.lookup = new EntityLookup(catalog, this.sources);
    }

    /**
     * The address of a router's management node, as GET-MGMT-NODES lists it.
     *
     * @param routerId the router's id
     * @return {@code amqp:/_topo/0/<routerId>/$management}
     */
    public static String nodeAddress(String routerId) {
        return "amqp:/_topo/0/" + routerId + "/$management";
    }

    /** This router's id. */
    public String routerId() {
        return routerId;
    }

    /**
     * Handles one request. Never throws: every failure is a response status. A request without {@code reply_to}
     * is dropped, as qdrouterd drops it, and counted.
     *
     * @param request the request message
     * @return the response message to send to its {@code to}, or null when the request is dropped
     */
    public CompletableFuture<Message> handle(Message request) {
        if (request == null || request.getReplyTo() == null || request.getReplyTo().isEmpty()) {
            dropped.increment();
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Reply> reply;
        try {
            reply = dispatch(Request.of(request));
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        return reply.handle((done, failure) -> respond(request, done != null ? done : Reply.failed(failure)));
    }

    /** The number of requests answered (with any status). */
    public long requestsHandled() {
        return handled.sum();
    }

    /** The number of requests dropped for want of a {@code reply_to}. */
    public long requestsDropped() {
        return dropped.sum();
    }

    /** The number of responses by status code, e.g. {@code {200=12, 404=1}}. */
    public Map<Integer, Long> responsesByStatus() {
        Map<Integer, Long> out = new java.util.TreeMap<>();
        byStatus.forEach((code, count) -> out.put(code, count.sum()));
        return out;
    }

    /** A status and a body. */
    private record Reply(Status status, Object body) {

        static Reply ok(Object body) {
            return new Reply(Status.SUCCESS, body);
        }

        static Reply failed(Throwable failure) {
            Throwable cause = failure;
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            Status status = cause instanceof StatusException e ? e.status()
                    : cause instanceof EntityChangeRefused r ? new Status(r.statusCode(), r.getMessage())
                    : Status.internalError(cause);
            return new Reply(status, Map.of());
        }
    }

    private Message respond(Message request, Reply reply) {
        Message response = Message.Factory.create();
        response.setAddress(request.getReplyTo());
        response.setCorrelationId(request.getCorrelationId());
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("statusCode", reply.status().code());
        properties.put("statusDescription", reply.status().description());
        response.setApplicationProperties(new ApplicationProperties(properties));
        response.setBody(new AmqpValue(reply.body()));
        handled.increment();
        byStatus.computeIfAbsent(reply.status().code(), code -> new LongAdder()).increment();
        return response;
    }

    private CompletableFuture<Reply> dispatch(Request request) {
        String operation = request.text("operation");
        if (operation == null) {
            throw Status.badRequest("No 'operation' property: " + PythonText.repr(request.properties()));
        }
        String upper = operation.toUpperCase(Locale.ROOT);
        if (upper.equals("CREATE")) {
            return create(request, operation);
        }
        String typeName = request.text("type");
        AgentType type = typeName == null ? null : catalog.resolve(typeName);
        Map<String, String> ids = new LinkedHashMap<>();
        for (String key : List.of("name", "identity")) {
            String value = request.text(key);
            if (value != null) {
                ids.put(key, value);
            }
        }
        if (ids.isEmpty()) {
            if (type != null && !type.node()) {
                throw Status.badRequest(type.fullName() + ": No name or identity provided");
            }
            return node(request, operation, upper, type);
        }
        if (type != null && type.node() || type == null && ids.values().stream().allMatch(SELF::equals)) {
            if (!ids.values().stream().allMatch(SELF::equals)) {
                throw ids.containsValue(SELF) ? Status.badRequest("Conflicting " + EntityLookup.describe(ids))
                        : Status.notFound("No entity with " + EntityLookup.describe(ids));
            }
            return node(request, operation, upper, type);
        }
        return lookup.find(type, ids).thenCompose(found -> entity(request, operation, upper, found));
    }

    /**
     * CREATE: the type must exist, allow it and have a writer; the attributes are checked as the config file's are
     * (a problem is a 400 with the validator's message), then the writer creates the entity.
     */
    private CompletableFuture<Reply> create(Request request, String operation) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        if (request.body() instanceof Map<?, ?> body) {
            body.forEach((key, value) -> attributes.put(String.valueOf(key), value));
        }
        for (String key : List.of("type", "name")) {
            String property = request.text(key);
            Object old = attributes.get(key);
            if (property != null && old != null && !property.equals(String.valueOf(old))) {
                throw Status.badRequest("Conflicting values for '" + key + "'");
            }
            attributes.put(key, property != null ? property : old);
        }
        if (attributes.get("type") == null) {
            throw Status.badRequest("No 'type' attribute in " + PythonText.repr(attributes));
        }
        AgentType type = catalog.resolve(String.valueOf(attributes.get("type")));
        EntityWriter writer = writers.get(type.name());
        if (!type.allows(operation) || writer == null || type.schemaType() == null) {
            throw notImplemented(operation, type);
        }
        EntityCreate create;
        try {
            create = validator.validate(type.schemaType(), 0, rawAttributes(attributes), null, new ArrayList<>());
        } catch (InvalidEntityException e) {
            throw Status.badRequest(e.getMessage());
        }
        CompletableFuture<Map<String, Object>> created = writer.create(create);
        if (created == null) {
            throw notImplemented(operation, type);
        }
        return created.thenApply(body -> new Reply(Status.CREATED, withType(type, body)));
    }

    /** The written attributes of a request body, without what only identifies the request. */
    private static List<RawAttribute> rawAttributes(Map<String, Object> attributes) {
        List<RawAttribute> raw = new ArrayList<>();
        attributes.forEach((key, value) -> {
            if (!key.equals("type") && !key.equals("identity") && value != null) {
                raw.add(new RawAttribute(key, WireValues.plain(value), 0));
            }
        });
        return raw;
    }

    private static Map<String, Object> withType(AgentType type, Map<String, Object> body) {
        Map<String, Object> out = new LinkedHashMap<>();
        body.forEach((key, value) -> out.put(key, WireValues.of(value)));
        out.put("type", type.fullName());
        return out;
    }

    /** An operation on an entity of a source: READ, or UPDATE and DELETE through the type's writer. */
    private CompletableFuture<Reply> entity(Request request, String operation, String upper,
                                            EntityLookup.Found found) {
        if (upper.equals("READ")) {
            return CompletableFuture.completedFuture(Reply.ok(EntityLookup.readBody(found)));
        }
        EntityWriter writer = writers.get(found.type().name());
        if (writer == null || !found.type().allows(operation)) {
            throw notImplemented(operation, found.type());
        }
        if (upper.equals("UPDATE")) {
            Map<String, Object> changes = new LinkedHashMap<>();
            if (request.body() instanceof Map<?, ?> body) {
                body.forEach((key, value) -> changes.put(String.valueOf(key), WireValues.plain(value)));
            }
            changes.keySet().removeAll(List.of("type", "name", "identity"));
            CompletableFuture<Map<String, Object>> updated = writer.update(found.entity(), changes);
            if (updated == null) {
                throw notImplemented(operation, found.type());
            }
            return updated.thenApply(body -> Reply.ok(withType(found.type(), body)));
        }
        if (upper.equals("DELETE")) {
            CompletableFuture<Void> deleted = writer.delete(found.entity());
            if (deleted == null) {
                throw notImplemented(operation, found.type());
            }
            return deleted.thenApply(done -> new Reply(Status.NO_CONTENT, Map.of()));
        }
        throw notImplemented(operation, found.type());
    }

    /**
     * qdrouterd's 501 for an operation a type does not allow ({@code Operation 'X' not implemented for 'T' [ops]}),
     * and for one it allows but has no implementation of ({@code Operation 'X' not implemented on T}): the latter is
     * what CREATE, UPDATE and DELETE get in this version.
     */
    private static StatusException notImplemented(String operation, AgentType type) {
        if (!type.allows(operation)) {
            return Status.notImplemented("Operation '" + operation + "' not implemented for '" + type.fullName()
                    + "' " + PythonText.repr(type.operations()));
        }
        return Status.notImplemented("Operation '" + operation + "' not implemented on " + type.fullName());
    }

    /** An operation on the management node itself. */
    private CompletableFuture<Reply> node(Request request, String operation, String upper, AgentType requested) {
        if (upper.equals("QUERY")) {
            return query.run(request).thenApply(Reply::ok);
        }
        return CompletableFuture.completedFuture(nodeNow(request, operation, upper, requested));
    }

    private Reply nodeNow(Request request, String operation, String upper, AgentType requested) {
        AgentType management = catalog.management();
        if (!management.allows(operation)) {
            throw notImplemented(operation, management);
        }
        return switch (upper) {
            case "READ" -> {
                if (requested != null && requested != management) {
                    throw Status.notFound("Entity type '" + management.fullName() + "' does match requested type '"
                            + requested.fullName() + "'");
                }
                yield Reply.ok(self);
            }
            case "GET-TYPES" -> Reply.ok(catalog.typesBody(entityType(request)));
            case "GET-ATTRIBUTES" -> Reply.ok(catalog.attributesBody(entityType(request)));
            case "GET-OPERATIONS" -> Reply.ok(catalog.operationsBody(entityType(request)));
            case "GET-ANNOTATIONS" -> Reply.ok(Map.of());
            case "GET-MGMT-NODES" -> Reply.ok(nodeRouterIds.get().stream().map(ManagementAgent::nodeAddress)
                    .toList());
            case "GET-SCHEMA" -> Reply.ok(schemaDocument);
            case "GET-JSON-SCHEMA" -> Reply.ok(PythonJson.dumps(schemaDocument, request.strictInteger("indent")));
            case "GET-LOG" -> {
                Integer limit = request.strictInteger("limit");
                yield Reply.ok(List.copyOf(logs.recent(limit == null ? -1 : limit)));
            }
            default -> throw Status.notImplemented("Operation '" + operation + "' not implemented on "
                    + management.fullName());
        };
    }

    private AgentType entityType(Request request) {
        String name = request.text("entityType");
        return name == null ? null : catalog.resolve(name);
    }
}

package org.jrouterd.mgmt.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jrouterd.mgmt.agent.Requests.PREFIX;
import static org.jrouterd.mgmt.agent.Requests.body;
import static org.jrouterd.mgmt.agent.Requests.call;
import static org.jrouterd.mgmt.agent.Requests.description;
import static org.jrouterd.mgmt.agent.Requests.request;
import static org.jrouterd.mgmt.agent.Requests.status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.apache.qpid.proton.message.Message;
import org.jrouterd.mgmt.schema.EntityCreate;
import org.jrouterd.mgmt.schema.EntitySchema;
import org.junit.jupiter.api.Test;

/** CREATE, UPDATE and DELETE through the agent to fake writers: statuses, bodies, validation as the config file's. */
class WriteOperationsTest {

    /** A fake listener table: the management thread's state, here the test's. */
    private final List<Map<String, Object>> listeners = new ArrayList<>();
    private final List<EntityCreate> created = new ArrayList<>();

    private final EntityWriter listenerWriter = new EntityWriter() {
        @Override
        public CompletableFuture<Map<String, Object>> create(EntityCreate create) {
            created.add(create);
            if (listeners.stream().anyMatch(l -> l.get("name").equals(create.name()))) {
                return CompletableFuture.failedFuture(new EntityChangeRefused(400, "duplicate name"));
            }
            Map<String, Object> entity = new LinkedHashMap<>(create.attributes());
            String identity = "listener/" + create.string("host") + ":" + create.string("port");
            entity.put("name", create.name() == null ? identity : create.name());
            entity.put("identity", identity);
            listeners.add(entity);
            return CompletableFuture.completedFuture(entity);
        }

        @Override
        public CompletableFuture<Void> delete(Map<String, Object> entity) {
            listeners.removeIf(l -> l.get("identity").equals(entity.get("identity")));
            return CompletableFuture.completedFuture(null);
        }
    };

    private final EntityWriter connectionWriter = new EntityWriter() {
        @Override
        public CompletableFuture<Map<String, Object>> update(Map<String, Object> entity, Map<String, Object> c) {
            if ("inter-router".equals(entity.get("role"))) {
                return CompletableFuture.failedFuture(new EntityChangeRefused(403, "Forbidden"));
            }
            Map<String, Object> after = new LinkedHashMap<>(entity);
            after.putAll(c);
            return CompletableFuture.completedFuture(after);
        }
    };

    private final ManagementAgent agent = new ManagementAgent("R1", EntitySchema.qdrouterd(), Map.of(
            "listener", () -> CompletableFuture.completedFuture(List.copyOf(listeners)),
            "connection", () -> CompletableFuture.completedFuture(List.of(
                    Map.of("identity", "7", "name", "connection/a", "role", "normal"),
                    Map.of("identity", "8", "name", "connection/b", "role", "inter-router")))),
            List::of, LogSource.NONE, Map.of("listener", listenerWriter, "connection", connectionWriter));

    @Test
    void createAnswers201WithTheAttributesAndTheFullType() throws Exception {
        Message response = call(agent, request(Map.of("host", "127.0.0.1", "port", UnsignedInteger.valueOf(5673)),
                "operation", "CREATE", "type", "listener", "name", "L1"));
        assertThat(status(response)).isEqualTo(201);
        assertThat(description(response)).isEqualTo("Created");
        Map<String, Object> body = body(response);
        assertThat(body).containsEntry("name", "L1").containsEntry("port", "5673")
                .containsEntry("role", "normal").containsEntry("type", PREFIX + "listener");
        assertThat(created.get(0).isGiven("port")).isTrue();
    }

    @Test
    void badValueIsA400WithTheConfigValidatorsMessageAndNoLine() throws Exception {
        Message response = call(agent, request(Map.of("host", "127.0.0.1", "port", "5673", "role", "xyz"),
                "operation", "CREATE", "type", PREFIX + "listener"));
        assertThat(status(response)).isEqualTo(400);
        assertThat(description(response)).startsWith("listener: attribute 'role': ");
        assertThat(created).isEmpty();
        Message unknown = call(agent, request(Map.of("port", "5673", "hots", "x"),
                "operation", "CREATE", "type", "listener"));
        assertThat(status(unknown)).isEqualTo(400);
        assertThat(description(unknown)).startsWith("listener: unknown attribute 'hots'");
    }

    @Test
    void aRefusedChangeAnswersItsStatus() throws Exception {
        call(agent, request(Map.of("port", "1"), "operation", "CREATE", "type", "listener", "name", "L"));
        Message again = call(agent, request(Map.of("port", "2"), "operation", "CREATE", "type", "listener",
                "name", "L"));
        assertThat(status(again)).isEqualTo(400);
        assertThat(description(again)).isEqualTo("duplicate name");
    }

    @Test
    void deleteAnswers204WithAnEmptyMapAndThenTheEntityIsGone() throws Exception {
        call(agent, request(Map.of("host", "h", "port", "1"), "operation", "CREATE", "type", "listener"));
        Message deleted = call(agent, request(Map.of(), "operation", "DELETE", "type", "listener",
                "identity", "listener/h:1"));
        assertThat(status(deleted)).isEqualTo(204);
        assertThat((Map<?, ?>) body(deleted)).isEmpty();
        assertThat(listeners).isEmpty();
        Message again = call(agent, request(Map.of(), "operation", "DELETE", "type", "listener",
                "identity", "listener/h:1"));
        assertThat(status(again)).isEqualTo(404);
    }

    @Test
    void updateGoesToTheWriterAndMayBeForbidden() throws Exception {
        Message updated = call(agent, request(Map.of("adminStatus", "deleted"), "operation", "UPDATE",
                "type", "connection", "identity", "7"));
        assertThat(status(updated)).isEqualTo(200);
        assertThat((Map<String, Object>) body(updated)).containsEntry("adminStatus", "deleted");
        Message forbidden = call(agent, request(Map.of("adminStatus", "deleted"), "operation", "UPDATE",
                "type", "connection", "identity", "8"));
        assertThat(status(forbidden)).isEqualTo(403);
        assertThat(description(forbidden)).isEqualTo("Forbidden");
    }

    @Test
    void typesWithoutAWriterAnswer501NamingTheType() throws Exception {
        Message response = call(agent, request(Map.of("address", "q", "direction", "in"),
                "operation", "CREATE", "type", "autoLink"));
        assertThat(status(response)).isEqualTo(501);
        assertThat(description(response)).contains(PREFIX + "router.config.autoLink");
        Message delete = call(agent, request(Map.of(), "operation", "DELETE", "type", "connection",
                "identity", "7"));
        assertThat(status(delete)).isEqualTo(501);
    }
}

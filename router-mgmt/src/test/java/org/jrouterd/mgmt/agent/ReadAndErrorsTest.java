package org.jrouterd.mgmt.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jrouterd.mgmt.agent.Requests.PREFIX;
import static org.jrouterd.mgmt.agent.Requests.body;
import static org.jrouterd.mgmt.agent.Requests.call;
import static org.jrouterd.mgmt.agent.Requests.description;
import static org.jrouterd.mgmt.agent.Requests.nodeRequest;
import static org.jrouterd.mgmt.agent.Requests.request;
import static org.jrouterd.mgmt.agent.Requests.status;

import java.util.List;
import java.util.Map;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.message.Message;
import org.jrouterd.mgmt.schema.EntitySchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * READ, the operations this version does not implement, and every error status. Expected statuses and
 * descriptions are what the real qdrouterd 1.19 (its Python agent) answered to the same requests.
 */
@SuppressWarnings("unchecked")
class ReadAndErrorsTest {

    private final ManagementAgent agent = AgentFixture.agent();

    @Test
    void readsAnEntityByNameOrIdentityWithEveryAttributeOfItsType() throws Exception {
        Message byName = call(agent, request(Map.of(), "operation", "READ", "type", PREFIX + "router.config.address",
                "name", "barAddr"));
        Message byIdentity = call(agent, request(Map.of(), "operation", "READ", "type", "address",
                "identity", "2"));

        assertThat(status(byName)).isEqualTo(200);
        assertThat(description(byName)).isEqualTo("OK");
        Map<String, Object> body = body(byName);
        assertThat(body).containsEntry("name", "barAddr").containsEntry("identity", "2")
                .containsEntry("prefix", "bar").containsEntry("distribution", "closest")
                .containsEntry("pattern", null).containsEntry("type", PREFIX + "router.config.address");
        assertThat(body.keySet()).containsAll(EntitySchemaNames.all("router.config.address"));
        assertThat((Map<String, Object>) body(byIdentity)).isEqualTo(body);
    }

    @Test
    void readWithoutATypeFindsTheEntityAmongEveryType() throws Exception {
        Message response = call(agent, request(Map.of(), "operation", "READ", "name", "connection/127.0.0.1:39400"));

        assertThat(status(response)).isEqualTo(200);
        assertThat((Map<String, Object>) body(response)).containsEntry("type", PREFIX + "connection")
                .containsEntry("container", "c1");
    }

    @Test
    void anUnknownNameOrIdentityIsNotFound() throws Exception {
        Message byName = call(agent, request(Map.of(), "operation", "READ", "type", PREFIX + "listener",
                "name", "zzz"));
        Message byIdentity = call(agent, request(Map.of(), "operation", "READ", "type", "router.link",
                "identity", "999"));

        assertThat(status(byName)).isEqualTo(404);
        assertThat(description(byName)).isEqualTo("No entity with name=zzz");
        assertThat((Map<?, ?>) body(byName)).isEmpty();
        assertThat(status(byIdentity)).isEqualTo(404);
        assertThat(description(byIdentity)).isEqualTo("No entity with identity=999");
    }

    @Test
    void aNameAndAnIdentityOfDifferentEntitiesConflict() throws Exception {
        Message response = call(agent, request(Map.of(), "operation", "READ", "type", "address",
                "name", "barAddr", "identity", "1"));

        assertThat(status(response)).isEqualTo(400);
        assertThat(description(response)).isEqualTo("Conflicting name=barAddr identity=1");
    }

    @Test
    void twoEntitiesWithTheSameNameAreAnInternalError() throws Exception {
        EntitySource twins = new FakeSource(List.of(Map.of("name", "x", "identity", "1"),
                Map.of("name", "x", "identity", "2")));
        ManagementAgent dup = new ManagementAgent("R1", EntitySchema.qdrouterd(), Map.of("connection", twins),
                List::of);

        Message response = call(dup, request(Map.of(), "operation", "READ", "type", "connection", "name", "x"));

        assertThat(status(response)).isEqualTo(500);
        assertThat(description(response)).isEqualTo("Duplicate (2) entities with name=x");
    }

    @Test
    void anEntityOperationWithoutNameOrIdentityIsABadRequest() throws Exception {
        Message response = call(agent, request(Map.of(), "operation", "READ", "type", PREFIX + "router.link"));

        assertThat(status(response)).isEqualTo(400);
        assertThat(description(response)).isEqualTo("org.apache.qpid.dispatch.router.link: No name or identity "
                + "provided");
    }

    @Test
    void anUnknownTypeIsABadRequestForEveryOperation() throws Exception {
        Message read = call(agent, request(Map.of(), "operation", "READ", "type", "bogus", "name", "x"));
        Message query = call(agent, Requests.query("bogus", List.of(), 0, 500));
        Message getTypes = call(agent, nodeRequest("GET-TYPES", "entityType", PREFIX + "bogus"));
        Message create = call(agent, request(Map.of(), "operation", "CREATE", "type", "bogus", "name", "x"));

        for (Message response : List.of(read, query, create)) {
            assertThat(status(response)).isEqualTo(400);
            assertThat(description(response)).isEqualTo("No such entity type 'bogus'");
        }
        assertThat(status(getTypes)).isEqualTo(400);
        assertThat(description(getTypes)).isEqualTo("No such entity type 'org.apache.qpid.dispatch.bogus'");
    }

    @Test
    void aRequestWithoutOperationIsABadRequestShowingItsProperties() throws Exception {
        Message response = call(agent, request(Map.of(), "type", "org.amqp.management", "name", "self"));

        assertThat(status(response)).isEqualTo(400);
        assertThat(description(response))
                .isEqualTo("No 'operation' property: {'type': 'org.amqp.management', 'name': 'self'}");
    }

    @Test
    void anUnknownOperationOnTheNodeIsNotImplementedListingTheNodesOperations() throws Exception {
        Message response = call(agent, nodeRequest("FROB"));

        assertThat(status(response)).isEqualTo(501);
        assertThat(description(response)).isEqualTo("Operation 'FROB' not implemented for "
                + "'org.apache.qpid.dispatch.management' ['GET-SCHEMA', 'GET-JSON-SCHEMA', 'GET-LOG', 'PROFILE', "
                + "'QUERY', 'GET-TYPES', 'GET-ANNOTATIONS', 'GET-OPERATIONS', 'GET-ATTRIBUTES', 'GET-MGMT-NODES', "
                + "'READ']");
        assertThat((Map<?, ?>) body(response)).isEmpty();
    }

    @Test
    void anOperationTheTypeDoesNotHaveIsNotImplementedListingTheTypesOperations() throws Exception {
        Message create = call(agent, request(Map.of(), "operation", "CREATE", "type", PREFIX + "logStats",
                "name", "x"));
        Message nodeOperation = call(agent, request(Map.of(), "operation", "GET-TYPES", "type", PREFIX + "connection",
                "identity", "2"));
        Message createNode = call(agent, nodeRequest("CREATE"));

        assertThat(status(create)).isEqualTo(501);
        assertThat(description(create))
                .isEqualTo("Operation 'CREATE' not implemented for 'org.apache.qpid.dispatch.logStats' ['READ']");
        assertThat(status(nodeOperation)).isEqualTo(501);
        assertThat(description(nodeOperation)).isEqualTo("Operation 'GET-TYPES' not implemented for "
                + "'org.apache.qpid.dispatch.connection' ['UPDATE', 'READ']");
        assertThat(description(createNode)).isEqualTo("Operation 'CREATE' not implemented for "
                + "'org.apache.qpid.dispatch.org.amqp.management' ['QUERY', 'GET-TYPES', 'GET-ANNOTATIONS', "
                + "'GET-OPERATIONS', 'GET-ATTRIBUTES', 'GET-MGMT-NODES', 'READ']");
    }

    @ParameterizedTest
    @ValueSource(strings = {"CREATE", "UPDATE", "DELETE"})
    void createUpdateAndDeleteThatTheSchemaAllowsAreNotImplementedYetNamingTheType(String operation)
            throws Exception {
        String type = operation.equals("UPDATE") ? "log" : "listener";
        Map<String, Object> log = Map.of("name", "log/DEFAULT", "identity", "log/DEFAULT", "module", "DEFAULT");
        Map<String, Object> listener = Map.of("name", "l1", "identity", "listener/l1");
        ManagementAgent withConfig = new ManagementAgent("R1", EntitySchema.qdrouterd(),
                Map.of("log", new FakeSource(List.of(log)), "listener", new FakeSource(List.of(listener))),
                List::of);
        String name = type.equals("log") ? "log/DEFAULT" : "l1";

        Message response = call(withConfig, request(Map.of("host", "127.0.0.1"), "operation", operation,
                "type", PREFIX + type, "name", name));

        assertThat(status(response)).isEqualTo(501);
        assertThat(description(response))
                .isEqualTo("Operation '" + operation + "' not implemented on org.apache.qpid.dispatch." + type);
    }

    @Test
    void updateAndDeleteOfAnUnknownEntityAreNotFoundFirst() throws Exception {
        Message response = call(agent, request(Map.of(), "operation", "DELETE", "type", PREFIX + "listener",
                "name", "nope"));

        assertThat(status(response)).isEqualTo(404);
        assertThat(description(response)).isEqualTo("No entity with name=nope");
    }

    @Test
    void createWithoutATypeIsABadRequestShowingTheAttributes() throws Exception {
        Message response = call(agent, request(Map.of(), "operation", "CREATE", "name", "x"));

        assertThat(status(response)).isEqualTo(400);
        assertThat(description(response)).isEqualTo("No 'type' attribute in {'type': None, 'name': 'x'}");
    }

    @Test
    void createWithATypeInTheBodyDifferentFromTheTypePropertyConflicts() throws Exception {
        Message response = call(agent, request(Map.of("type", "connector"), "operation", "CREATE",
                "type", "listener", "name", "x"));

        assertThat(status(response)).isEqualTo(400);
        assertThat(description(response)).isEqualTo("Conflicting values for 'type'");
    }

    @Test
    void aPropertyOfTheWrongTypeIsABadRequest() throws Exception {
        Message operation = call(agent, request(Map.of(), "operation", 5, "type", PREFIX + "listener"));
        Message type = call(agent, request(Map.of(), "operation", "READ", "type", 5, "name", "x"));

        assertThat(status(operation)).isEqualTo(400);
        assertThat(description(operation)).isEqualTo("'operation' property is not a string: 5");
        assertThat(status(type)).isEqualTo(400);
        assertThat(description(type)).isEqualTo("'type' property is not a string: 5");
    }

    @Test
    void aBadLimitOrIndentIsPythonsValueErrorAsInQdrouterd() throws Exception {
        Message limit = call(agent, nodeRequest("GET-LOG", "limit", "x"));
        Message indent = call(agent, nodeRequest("GET-JSON-SCHEMA", "indent", "x"));

        for (Message response : List.of(limit, indent)) {
            assertThat(status(response)).isEqualTo(500);
            assertThat(description(response)).isEqualTo("ValueError: invalid literal for int() with base 10: 'x'");
        }
    }

    @Test
    void aBinaryBodyIsIgnoredByOperationsThatReadNoBody() throws Exception {
        Message request = nodeRequest("GET-TYPES");
        request.setBody(new Data(new Binary(new byte[] {1, 2})));
        Message query = Requests.query(PREFIX + "router.link", List.of(), 0, 500);
        query.setBody(new Data(new Binary(new byte[] {1, 2})));

        assertThat(status(call(agent, request))).isEqualTo(200);
        assertThat(status(call(agent, query))).isEqualTo(200);
    }

    @Test
    void aRequestWithoutReplyToIsDroppedAndCounted() throws Exception {
        Message noReplyTo = nodeRequest("GET-TYPES");
        noReplyTo.setReplyTo(null);
        Message emptyReplyTo = nodeRequest("GET-TYPES");
        emptyReplyTo.setReplyTo("");

        assertThat(agent.handle(noReplyTo).get()).isNull();
        assertThat(agent.handle(emptyReplyTo).get()).isNull();
        assertThat(agent.handle(null).get()).isNull();
        call(agent, nodeRequest("GET-TYPES"));
        call(agent, nodeRequest("FROB"));
        call(agent, nodeRequest("GET-ANNOTATIONS"));

        assertThat(agent.requestsDropped()).isEqualTo(3);
        assertThat(agent.requestsHandled()).isEqualTo(3);
        assertThat(agent.responsesByStatus()).isEqualTo(Map.of(200, 2L, 501, 1L));
    }

    @Test
    void aResponseEchoesTheCorrelationIdOfAnyTypeAndGoesToTheReplyTo() throws Exception {
        Message request = nodeRequest("GET-ANNOTATIONS");
        request.setCorrelationId(new Binary(new byte[] {9}));
        request.setMessageId("m1");

        Message response = call(agent, request);

        assertThat(response.getCorrelationId()).isEqualTo(new Binary(new byte[] {9}));
        assertThat(response.getAddress()).isEqualTo(Requests.REPLY_TO);
        assertThat(response.getApplicationProperties().getValue().get("statusCode")).isInstanceOf(Integer.class);
    }
}

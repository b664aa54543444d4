package org.jrouterd.mgmt.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jrouterd.mgmt.agent.Requests.PREFIX;
import static org.jrouterd.mgmt.agent.Requests.body;
import static org.jrouterd.mgmt.agent.Requests.call;
import static org.jrouterd.mgmt.agent.Requests.description;
import static org.jrouterd.mgmt.agent.Requests.nodeRequest;
import static org.jrouterd.mgmt.agent.Requests.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.qpid.proton.message.Message;
import org.jrouterd.mgmt.json.JsonReader;
import org.jrouterd.mgmt.schema.EntitySchema;
import org.junit.jupiter.api.Test;

/**
 * The node operations (type org.amqp.management, name self, as qdmanage sends them). Expected values are what the
 * real qdrouterd 1.19 answered to the same requests (recorded by hand with a Proton Python client).
 */
@SuppressWarnings("unchecked")
class NodeOperationsTest {

    private final ManagementAgent agent = AgentFixture.agent();

    @Test
    void getTypesListsEveryTypeWithItsBaseTypesBaseTypesFirst() throws Exception {
        Message response = call(agent, nodeRequest("GET-TYPES"));

        assertThat(status(response)).isEqualTo(200);
        assertThat(description(response)).isEqualTo("OK");
        Map<String, List<String>> types = body(response);
        assertThat(new ArrayList<>(types.keySet()).subList(0, 5)).containsExactly(PREFIX + "entity",
                PREFIX + "org.amqp.management", PREFIX + "management", PREFIX + "configurationEntity",
                PREFIX + "operationalEntity");
        assertThat(types.get(PREFIX + "entity")).isEmpty();
        assertThat(types.get(PREFIX + "management")).containsExactly(PREFIX + "org.amqp.management",
                PREFIX + "operationalEntity", PREFIX + "entity");
        assertThat(types.get(PREFIX + "router")).containsExactly(PREFIX + "configurationEntity", PREFIX + "entity");
        assertThat(types.get(PREFIX + "router.config.address"))
                .containsExactly(PREFIX + "configurationEntity", PREFIX + "entity");
        assertThat(types.get(PREFIX + "router.link")).containsExactly(PREFIX + "operationalEntity",
                PREFIX + "entity");
    }

    @Test
    void getTypesForOneTypeAnswersOnlyThatType() throws Exception {
        Message response = call(agent, nodeRequest("GET-TYPES", "entityType", PREFIX + "router.link"));

        assertThat(status(response)).isEqualTo(200);
        assertThat((Map<String, Object>) body(response)).containsOnlyKeys(PREFIX + "router.link");
    }

    @Test
    void getAttributesListsOwnAttributesThenNameIdentityType() throws Exception {
        Message response = call(agent, nodeRequest("GET-ATTRIBUTES", "entityType", "router.link"));

        Map<String, List<String>> body = body(response);
        List<String> names = body.get(PREFIX + "router.link");
        assertThat(names).startsWith("adminStatus", "operStatus", "linkName", "linkType", "linkDir", "owningAddr",
                "capacity", "peer").endsWith("name", "identity", "type");
        assertThat(names).contains("deliveryCount", "creditAvailable", "undeliveredCount", "unsettledCount");
        Map<String, List<String>> all = body(call(agent, nodeRequest("GET-ATTRIBUTES")));
        assertThat(all.get(PREFIX + "entity")).containsExactly("name", "identity", "type");
    }

    @Test
    void getOperationsAddsReadAndGivesTheManagementNodeItsOwnAndTheNodeOperations() throws Exception {
        Map<String, List<String>> body = body(call(agent, nodeRequest("GET-OPERATIONS")));

        assertThat(body.get(PREFIX + "org.amqp.management")).containsExactly("QUERY", "GET-TYPES",
                "GET-ANNOTATIONS", "GET-OPERATIONS", "GET-ATTRIBUTES", "GET-MGMT-NODES", "READ");
        assertThat(body.get(PREFIX + "management")).containsExactly("GET-SCHEMA", "GET-JSON-SCHEMA", "GET-LOG",
                "PROFILE", "QUERY", "GET-TYPES", "GET-ANNOTATIONS", "GET-OPERATIONS", "GET-ATTRIBUTES",
                "GET-MGMT-NODES", "READ");
        assertThat(body.get(PREFIX + "router.link")).containsExactly("UPDATE", "READ");
        assertThat(body.get(PREFIX + "operationalEntity")).containsExactly("READ");
        assertThat(body.get(PREFIX + "entity")).isEmpty();
        assertThat(body.get(PREFIX + "listener")).contains("CREATE", "DELETE", "READ");
    }

    @Test
    void getAnnotationsIsAnEmptyMap() throws Exception {
        Message response = call(agent, nodeRequest("GET-ANNOTATIONS"));

        assertThat(status(response)).isEqualTo(200);
        assertThat((Map<?, ?>) body(response)).isEmpty();
    }

    @Test
    void getMgmtNodesListsTheOtherRoutersManagementAddresses() throws Exception {
        Message response = call(agent, nodeRequest("GET-MGMT-NODES"));

        assertThat(status(response)).isEqualTo(200);
        assertThat((List<String>) body(response)).containsExactly("amqp:/_topo/0/R2/$management",
                "amqp:/_topo/0/R3/$management");
    }

    @Test
    void getMgmtNodesOfAStandaloneRouterIsAnEmptyList() throws Exception {
        ManagementAgent alone = new ManagementAgent("R1", EntitySchema.qdrouterd(), Map.of(), List::of);

        assertThat((List<?>) body(call(alone, nodeRequest("GET-MGMT-NODES")))).isEmpty();
    }

    @Test
    void getSchemaIsShapedAsQdrouterdsWithShortTypeNamesAndEnumValueLists() throws Exception {
        Message response = call(agent, nodeRequest("GET-SCHEMA"));

        assertThat(status(response)).isEqualTo(200);
        Map<String, Object> schema = body(response);
        assertThat(schema.get("prefix")).isEqualTo("org.apache.qpid.dispatch");
        Map<String, Map<String, Object>> types = (Map<String, Map<String, Object>>) schema.get("entityTypes");
        assertThat(types).containsKeys("entity", "org.amqp.management", "management", "configurationEntity",
                "operationalEntity", "router", "listener", "address", "linkRoute", "autoLink", "router.link");
        Map<String, Object> address = types.get("address");
        assertThat(address.get("fullyQualifiedType")).isEqualTo(PREFIX + "router.config.address");
        assertThat(address.get("operations")).isEqualTo(List.of("CREATE", "DELETE", "READ"));
        Map<String, Map<String, Object>> attributes = (Map<String, Map<String, Object>>) address.get("attributes");
        assertThat(attributes.get("distribution").get("type"))
                .isEqualTo(List.of("multicast", "closest", "balanced", "unavailable"));
        assertThat(attributes.get("distribution").get("default")).isEqualTo("balanced");
        assertThat(attributes.get("name")).containsEntry("type", "string").containsEntry("unique", true);
        Map<String, Object> router = types.get("router");
        assertThat(router.get("singleton")).isEqualTo(true);
        Map<String, Map<String, Object>> routerAttributes = (Map<String, Map<String, Object>>) router.get("attributes");
        assertThat(routerAttributes.get("helloIntervalSeconds")).containsEntry("type", "integer")
                .containsEntry("default", 1);
    }

    @Test
    void getJsonSchemaIsTheSameSchemaAsJsonTextOnOneLineOrIndented() throws Exception {
        String json = body(call(agent, nodeRequest("GET-JSON-SCHEMA")));
        String indented = body(call(agent, nodeRequest("GET-JSON-SCHEMA", "indent", 2)));

        assertThat(json).startsWith("{\"prefix\": \"org.apache.qpid.dispatch\", \"entityTypes\": {\"entity\": "
                + "{\"attributes\": {\"name\": {");
        assertThat(json).doesNotContain("\n");
        assertThat(indented).startsWith("{\n  \"prefix\": \"org.apache.qpid.dispatch\",\n  \"entityTypes\": {\n"
                + "    \"entity\": {\n      \"attributes\": {\n");
        Map<String, Object> schema = body(call(agent, nodeRequest("GET-SCHEMA")));
        Map<String, Object> parsed = (Map<String, Object>) JsonReader.parse(json, 1).plain();
        assertThat(JsonReader.parse(indented, 1).plain()).isEqualTo(parsed);
        assertThat(((Map<String, Object>) parsed.get("entityTypes")).keySet())
                .containsExactlyElementsOf(((Map<String, Object>) schema.get("entityTypes")).keySet());
    }

    @Test
    void getLogAnswersTheLogSourcesRecordsUpToTheLimit() throws Exception {
        LogSource logs = limit -> List.<List<Object>>of(List.of("AGENT", "error", "text", "agent.py", 893, 1796460004))
                .subList(0, limit == 0 ? 0 : 1);
        ManagementAgent withLogs = new ManagementAgent("R1", EntitySchema.qdrouterd(), Map.of(), List::of, logs);

        assertThat((List<?>) body(call(withLogs, nodeRequest("GET-LOG", "limit", 2)))).hasSize(1);
        assertThat((List<?>) body(call(withLogs, nodeRequest("GET-LOG", "limit", 0)))).isEmpty();
        assertThat((List<?>) body(call(agent, nodeRequest("GET-LOG")))).isEmpty();
    }

    @Test
    void readOfTheNodeWithoutTypeIsTheManagementEntity() throws Exception {
        Message response = call(agent, Requests.request(Map.of(), "operation", "READ"));

        assertThat(status(response)).isEqualTo(200);
        assertThat((Map<String, Object>) body(response)).containsEntry("identity", "self")
                .containsEntry("name", "self").containsEntry("type", PREFIX + "management");
    }

    @Test
    void readOfTheNodeAsOrgAmqpManagementIsNotFoundAsInQdrouterd() throws Exception {
        Message response = call(agent, nodeRequest("READ"));

        assertThat(status(response)).isEqualTo(404);
        assertThat(description(response)).isEqualTo("Entity type 'org.apache.qpid.dispatch.management' does match "
                + "requested type 'org.apache.qpid.dispatch.org.amqp.management'");
    }

    @Test
    void operationNamesAreMatchedIgnoringCase() throws Exception {
        assertThat(status(call(agent, nodeRequest("get-annotations")))).isEqualTo(200);
        Message query = Requests.query(PREFIX + "router.link", List.of("identity"), 0, 500);
        query.getApplicationProperties().getValue().put("operation", "query");
        assertThat(status(call(agent, query))).isEqualTo(200);
    }
}

package org.jrouterd.mgmt.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jrouterd.mgmt.agent.Requests.PREFIX;
import static org.jrouterd.mgmt.agent.Requests.body;
import static org.jrouterd.mgmt.agent.Requests.call;
import static org.jrouterd.mgmt.agent.Requests.description;
import static org.jrouterd.mgmt.agent.Requests.nodeRequest;
import static org.jrouterd.mgmt.agent.Requests.query;
import static org.jrouterd.mgmt.agent.Requests.status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.message.Message;
import org.jrouterd.mgmt.schema.EntitySchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * QUERY as qdstat and qdmanage send it (Node.query: a node request with entityType, offset, count and a body
 * {attributeNames: [...]}), with the shapes and statuses the real qdrouterd 1.19 gave.
 */
@SuppressWarnings("unchecked")
class QueryTest {

    private final ManagementAgent agent = AgentFixture.agent();

    @Test
    void selectsTheRequestedColumnsInTheRequestedOrder() throws Exception {
        Message response = call(agent, query(PREFIX + "router.link",
                List.of("linkType", "linkDir", "identity", "capacity", "adminStatus"), 0, 500));

        assertThat(status(response)).isEqualTo(200);
        assertThat(description(response)).isEqualTo("OK");
        assertThat(response.getAddress()).isEqualTo(Requests.REPLY_TO);
        assertThat(response.getCorrelationId()).isEqualTo("7");
        Map<String, Object> body = body(response);
        assertThat(body.get("attributeNames")).isEqualTo(List.of("linkType", "linkDir", "identity", "capacity",
                "adminStatus"));
        assertThat(body.get("results")).isEqualTo(List.of(List.of("endpoint", "in", "5", 250, "enabled"),
                List.of("endpoint", "out", "6", 250, "enabled")));
    }

    @Test
    void anEmptySelectionIsEveryAttributeOwnFirstThenNameIdentityTypeWithTypeFilledIn() throws Exception {
        Map<String, Object> body = body(call(agent, query(PREFIX + "router.config.address", List.of(), 0, 500)));

        List<String> names = (List<String>) body.get("attributeNames");
        assertThat(names).startsWith("prefix", "pattern", "distribution").endsWith("name", "identity", "type");
        List<List<Object>> results = (List<List<Object>>) body.get("results");
        assertThat(results).hasSize(2);
        Map<String, Object> first = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            first.put(names.get(i), results.get(0).get(i));
        }
        assertThat(first).containsEntry("prefix", "foo").containsEntry("distribution", "multicast")
                .containsEntry("pattern", null).containsEntry("name", "address/0").containsEntry("identity", "1")
                .containsEntry("type", PREFIX + "router.config.address");
    }

    @Test
    void acceptsFullLongAndShortTypeNames() throws Exception {
        for (String type : List.of(PREFIX + "router.config.address", "router.config.address", "address")) {
            Message response = call(agent, query(type, List.of("name"), 0, 500));

            assertThat(status(response)).as(type).isEqualTo(200);
            assertThat(((Map<String, Object>) body(response)).get("results")).as(type)
                    .isEqualTo(List.of(List.of("address/0"), List.of("barAddr")));
        }
    }

    @Test
    void aTypeWithoutASourceHasNoRows() throws Exception {
        Message response = call(agent, query(PREFIX + "router.node", List.of(), 0, 500));

        assertThat(status(response)).isEqualTo(200);
        assertThat(((Map<String, Object>) body(response)).get("results")).isEqualTo(List.of());
    }

    @Test
    void anUnknownAttributeIsNotFoundNamingItAndTheType() throws Exception {
        Message response = call(agent, query("router.link", List.of("linkType", "bogus"), 0, 500));

        assertThat(status(response)).isEqualTo(404);
        assertThat(description(response))
                .isEqualTo("Unknown attributes ['bogus'] for type org.apache.qpid.dispatch.router.link.");
        assertThat((Map<?, ?>) body(response)).isEmpty();
    }

    @Test
    void offsetAndCountPageAsQdrouterdsCoreAgentDoes() throws Exception {
        assertThat(results(query(PREFIX + "router.link", List.of("identity"), 1, 1))).isEqualTo(List.of(List.of("6")));
        assertThat(results(query(PREFIX + "router.link", List.of("identity"), 99, 10))).isEmpty();
        assertThat(results(query(PREFIX + "router.link", List.of("identity"), 0, 0))).hasSize(2);
        assertThat(results(query(PREFIX + "router.link", List.of("identity"), 0, -1))).hasSize(2);
        assertThat(results(query(PREFIX + "router.link", List.of("identity"), -1, 10))).isEmpty();
        Message textOffset = nodeRequest("QUERY", "entityType", PREFIX + "router.link", "offset", "x", "count", "1");
        textOffset.setBody(new AmqpValue(Map.of("attributeNames", List.of("identity"))));
        assertThat(results(textOffset)).hasSize(2);
        Message noPaging = nodeRequest("QUERY", "entityType", PREFIX + "router.link");
        assertThat(results(noPaging)).hasSize(2);
    }

    @Test
    void aBodyThatIsNotAMapOrAnAttributeListThatIsNotAListSelectsEveryAttribute() throws Exception {
        for (Object body : List.of("hello", List.of("a"), Map.of("attributeNames", "identity"))) {
            Message request = nodeRequest("QUERY", "entityType", PREFIX + "router.link");
            request.setBody(new AmqpValue(body));

            Message response = call(agent, request);

            assertThat(status(response)).as("%s", body).isEqualTo(200);
            assertThat(((Map<String, Object>) body(response)).get("attributeNames")).as("%s", body)
                    .isEqualTo(EntitySchemaNames.all("router.link"));
        }
        Message noBody = nodeRequest("QUERY", "entityType", PREFIX + "router.link");
        noBody.setBody(null);
        assertThat(status(call(agent, noBody))).isEqualTo(200);
    }

    @Test
    void withoutEntityTypeQueriesEveryTypeAndLeavesOutRowsWithOnlyNulls() throws Exception {
        Message response = call(agent, query(null, List.of("name", "identity"), 0, 500));

        assertThat(status(response)).isEqualTo(200);
        List<List<Object>> rows = (List<List<Object>>) ((Map<String, Object>) body(response)).get("results");
        assertThat(rows).contains(List.of("self", "self"), List.of("client-5", "5"), List.of("barAddr", "2"),
                List.of("connection/127.0.0.1:39400", "2"));
        assertThat(results(query(null, List.of("prefix"), 0, 500)))
                .isEqualTo(List.of(List.of("foo"), List.of("bar")));
    }

    @Test
    void theNodeTypeQueriesTheManagementEntity() throws Exception {
        assertThat(results(query("org.amqp.management", List.of("identity", "type"), 0, 500)))
                .isEqualTo(List.of(List.of("self", PREFIX + "management")));
    }

    @Test
    void valuesKeepTheSourcesTypesAndOddTypesBecomeText() throws Exception {
        Map<String, Object> entity = new LinkedHashMap<>();
        entity.put("identity", "1");
        entity.put("deliveryCount", UnsignedLong.valueOf(7));
        entity.put("capacity", 250);
        entity.put("undeliveredCount", 3L);
        entity.put("linkDir", Direction.in);
        entity.put("ingressHistogram", java.util.Set.of(1L));
        ManagementAgent typed = new ManagementAgent("R1", EntitySchema.qdrouterd(),
                Map.of("router.link", new FakeSource(List.of(entity))), List::of);

        List<List<Object>> rows = results(typed, query(PREFIX + "router.link",
                List.of("deliveryCount", "capacity", "undeliveredCount", "linkDir", "ingressHistogram"), 0, 500));

        assertThat(rows.get(0)).containsExactly(UnsignedLong.valueOf(7), 250, 3L, "in", List.of(1L));
    }

    enum Direction { in }

    @Test
    @Timeout(10)
    void aSourceCompletingLaterOnAnotherThreadGetsItsResponseThere() throws Exception {
        ExecutorService core = Executors.newSingleThreadExecutor(r -> new Thread(r, "core"));
        try {
            List<Map<String, Object>> links = List.of(AgentFixture.link("5", "in", "a"));
            ManagementAgent later = new ManagementAgent("R1", EntitySchema.qdrouterd(),
                    Map.of("router.link", new FakeSource(links, core)), List::of);
            List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
            java.util.concurrent.CountDownLatch coreBusy = new java.util.concurrent.CountDownLatch(1);
            core.execute(() -> {
                try {
                    coreBusy.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });

            java.util.concurrent.CompletableFuture<Message> pending =
                    later.handle(query(PREFIX + "router.link", List.of("identity"), 0, 500));
            assertThat(pending).isNotDone();
            pending = pending.whenComplete((r, e) -> threads.add(Thread.currentThread().getName()));
            coreBusy.countDown();
            Message response = pending.get();

            assertThat(status(response)).isEqualTo(200);
            assertThat(((Map<String, Object>) body(response)).get("results")).isEqualTo(List.of(List.of("5")));
            assertThat(threads).containsExactly("core");
        } finally {
            core.shutdownNow();
        }
    }

    @Test
    void aFailingSourceIsAnInternalServerError() throws Exception {
        EntitySource broken = () -> java.util.concurrent.CompletableFuture.failedFuture(
                new IllegalStateException("core stopped"));
        EntitySource throwing = () -> {
            throw new IllegalStateException("no snapshot");
        };
        ManagementAgent failing = new ManagementAgent("R1", EntitySchema.qdrouterd(),
                Map.of("router.link", broken, "connection", throwing), List::of);

        Message first = call(failing, query(PREFIX + "router.link", List.of(), 0, 500));
        Message second = call(failing, query(PREFIX + "connection", List.of(), 0, 500));

        assertThat(status(first)).isEqualTo(500);
        assertThat(description(first)).isEqualTo("IllegalStateException: core stopped");
        assertThat(status(second)).isEqualTo(500);
        assertThat(description(second)).isEqualTo("IllegalStateException: no snapshot");
    }

    @Test
    @Timeout(20)
    void pagesOverTenThousandEntitiesAsQdstatDoesInPagesOf500() throws Exception {
        List<Map<String, Object>> addresses = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            addresses.add(Map.of("name", "M0addr" + i, "identity", "M0addr" + i, "key", "M0addr" + i,
                    "distribution", "balanced", "subscriberCount", (long) i));
        }
        FakeSource source = new FakeSource(addresses);
        ManagementAgent big = new ManagementAgent("R1", EntitySchema.qdrouterd(),
                Map.of("router.address", source), List::of);
        List<Object> all = new ArrayList<>();
        long start = System.nanoTime();

        int offset = 0;
        while (true) {
            List<List<Object>> page = results(big, query(PREFIX + "router.address",
                    List.of("name", "subscriberCount"), offset, 500));
            all.addAll(page);
            if (page.size() < 500) {
                break;
            }
            offset += 500;
        }

        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(all).hasSize(10_000);
        assertThat(all.get(0)).isEqualTo(List.of("M0addr0", 0L));
        assertThat(all.get(9_999)).isEqualTo(List.of("M0addr9999", 9999L));
        assertThat(source.calls.get()).isEqualTo(21);
        assertThat(millis).as("21 pages over 10,000 entities").isLessThan(2_000);
        assertThat(results(big, query(PREFIX + "router.address", List.of("name"), 9_990, 500))).hasSize(10);
    }

    private List<List<Object>> results(Message request) throws Exception {
        return results(agent, request);
    }

    private static List<List<Object>> results(ManagementAgent agent, Message request) throws Exception {
        Message response = call(agent, request);
        assertThat(status(response)).as(description(response)).isEqualTo(200);
        return (List<List<Object>>) ((Map<String, Object>) body(response)).get("results");
    }
}

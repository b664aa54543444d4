package org.jrouterd.mgmt.agent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Section;
import org.apache.qpid.proton.message.Message;

/** Builds requests as qdmanage's client (qpid_dispatch.management.client.Node) builds them, and reads responses. */
final class Requests {

    static final String PREFIX = "org.apache.qpid.dispatch.";
    static final String REPLY_TO = "amqp:/_topo/0/R1/temp.abc";

    private Requests() {
    }

    /** A request with the given application properties (pairs of name and value) and an amqp-value body. */
    static Message request(Object body, Object... properties) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < properties.length; i += 2) {
            map.put((String) properties[i], properties[i + 1]);
        }
        Message message = Message.Factory.create();
        message.setReplyTo(REPLY_TO);
        message.setCorrelationId("7");
        message.setApplicationProperties(new ApplicationProperties(map));
        message.setBody(new AmqpValue(body));
        return message;
    }

    /** A node request: {@code name=self, type=org.amqp.management}, as Node.node_request sends. */
    static Message nodeRequest(String operation, Object... more) {
        Object[] all = new Object[more.length + 6];
        all[0] = "name";
        all[1] = "self";
        all[2] = "type";
        all[3] = "org.amqp.management";
        all[4] = "operation";
        all[5] = operation;
        System.arraycopy(more, 0, all, 6, more.length);
        return request(Map.of(), all);
    }

    /** A QUERY as Node.query sends it: a node request with entityType, offset, count and attributeNames. */
    static Message query(String entityType, List<String> names, int offset, int count) {
        Message message = nodeRequest("QUERY", "entityType", entityType, "offset", offset, "count", count);
        message.setBody(new AmqpValue(Map.of("attributeNames", names)));
        return message;
    }

    /** Handles a request and waits (briefly) for the response. */
    static Message call(ManagementAgent agent, Message request) throws Exception {
        return agent.handle(request).get(5, TimeUnit.SECONDS);
    }

    static int status(Message response) {
        return (Integer) response.getApplicationProperties().getValue().get("statusCode");
    }

    static String description(Message response) {
        return (String) response.getApplicationProperties().getValue().get("statusDescription");
    }

    @SuppressWarnings("unchecked")
    static <T> T body(Message response) {
        Section body = response.getBody();
        return (T) ((AmqpValue) body).getValue();
    }
}

package org.jrouterd.server.management;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.qpid.jms.JmsConnectionFactory;

/**
 * A management client over Qpid JMS, as qdmanage asks: a request to {@code $management} with the operation, type
 * and name or identity as application properties and a map body, the response on a temporary queue. Test code;
 * one thread.
 */
final class ManagementClient implements AutoCloseable {

    /** A response: status code, description and map body. */
    record Response(int status, String description, Map<String, Object> body) {
    }

    private final Connection connection;
    private final Session session;
    private final MessageProducer producer;
    private final TemporaryQueue replies;
    private final MessageConsumer consumer;

    ManagementClient(int port) throws JMSException {
        connection = new JmsConnectionFactory("amqp://127.0.0.1:" + port).createConnection();
        connection.start();
        session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        producer = session.createProducer(session.createQueue("$management"));
        replies = session.createTemporaryQueue();
        consumer = session.createConsumer(replies);
    }

    Response create(String type, String name, Map<String, Object> attributes) throws JMSException {
        return request("CREATE", type, name == null ? Map.of() : Map.of("name", name), attributes);
    }

    Response delete(String type, String identity) throws JMSException {
        return request("DELETE", type, Map.of("identity", identity), Map.of());
    }

    Response update(String type, String identity, Map<String, Object> attributes) throws JMSException {
        return request("UPDATE", type, Map.of("identity", identity), attributes);
    }

    Response read(String type, String identity) throws JMSException {
        return request("READ", type, Map.of("identity", identity), Map.of());
    }

    Response request(String operation, String type, Map<String, String> ids, Map<String, Object> body)
            throws JMSException {
        MapMessage request = session.createMapMessage();
        request.setStringProperty("operation", operation);
        request.setStringProperty("type", type);
        for (Map.Entry<String, String> id : ids.entrySet()) {
            request.setStringProperty(id.getKey(), id.getValue());
        }
        for (Map.Entry<String, Object> entry : body.entrySet()) {
            request.setObject(entry.getKey(), entry.getValue());
        }
        request.setJMSReplyTo(replies);
        producer.send(request);
        Message response = consumer.receive(10_000);
        if (response == null) {
            throw new AssertionError("no response to " + operation + " " + type + " within 10 s");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        if (response instanceof jakarta.jms.ObjectMessage object && object.getObject() instanceof Map<?, ?> map) {
            map.forEach((key, value) -> out.put(String.valueOf(key), value));
        } else if (response instanceof MapMessage map) {
            for (String key : Collections.list((java.util.Enumeration<String>) map.getMapNames())) {
                out.put(key, map.getObject(key));
            }
        }
        return new Response(response.getIntProperty("statusCode"), response.getStringProperty("statusDescription"),
                out);
    }

    @Override
    public void close() throws JMSException {
        connection.close();
    }
}

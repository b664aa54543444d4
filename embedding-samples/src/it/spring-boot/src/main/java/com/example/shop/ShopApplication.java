package com.example.shop;

import jakarta.jms.ConnectionFactory;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** A web shop that turns each HTTP order into an AMQP message on the address "orders". */
@SpringBootApplication
@RestController
public class ShopApplication {
    private final JmsTemplate jms;

    public ShopApplication(JmsTemplate jms) {
        this.jms = jms;
    }

    @Bean
    static ConnectionFactory amqpConnectionFactory(@Value("${shop.amqp-url}") String url) {
        return new JmsConnectionFactory(url);
    }

    @Bean
    static JmsTemplate jmsTemplate(ConnectionFactory amqpConnectionFactory) {
        return new JmsTemplate(amqpConnectionFactory);
    }

    @PostMapping("/orders/{item}")
    public String order(@PathVariable String item) {
        jms.convertAndSend("orders", item);   // returns once a consumer of "orders" accepted it
        return "ordered " + item;
    }

    public static void main(String[] args) {
        SpringApplication.run(ShopApplication.class, args);
    }
}

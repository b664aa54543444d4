/**
 * Deliveries in flight through the router: the routed message ({@link org.jrouterd.core.delivery.RoutedDelivery}),
 * its outcome ({@link org.jrouterd.core.delivery.DeliveryOutcome}) travelling back to the producer, multicast
 * outcome aggregation, and the per-link queue of deliveries waiting for or awaiting settlement from a consumer.
 *
 * <p>Threads: a delivery is created on the producer's I/O thread, handed to the consumer's I/O thread through that
 * connection's task queue, and its outcome is handed back the same way. Each class says which thread owns it.
 */
package org.jrouterd.core.delivery;

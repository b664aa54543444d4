/**
 * OpenStack's messaging through jrouterd daemons started from the distribution: oslo.messaging RPC with its AMQP
 * 1.0 driver through one router and through meshes (with failures), failover between routers, and hybrid messaging
 * with notifications through a RabbitMQ of the test's own.
 */
package org.jrouterd.systemtests.openstack;

package org.jrouterd.core.linkstate;

/**
 * The destination addresses ({@code to}) of control messages, as qdrouterd 1.19 uses them. Area is always "0".
 *
 * <p>Threads: constants and pure functions; any thread.
 */
public final class ControlAddresses {

    /** HELLO: one hop, to every inter-router control link. */
    public static final String HELLO = "amqp:/_local/qdhello";
    /** RA: flooded to every router. */
    public static final String ALL_ROUTERS = "amqp:/_topo/0/all/qdrouter";
    /** Differential MAU: flooded to every router. */
    public static final String ALL_ROUTERS_MA = "amqp:/_topo/0/all/qdrouter.ma";
    /** The area every router is in. */
    public static final String AREA = "0";

    private ControlAddresses() {
    }

    /** LSR and LSU: {@code amqp:/_topo/0/<id>/qdrouter}. */
    public static String router(String routerId) {
        return "amqp:/_topo/0/" + routerId + "/qdrouter";
    }

    /** MAR and absolute MAU: {@code amqp:/_topo/0/<id>/qdrouter.ma}. */
    public static String routerMa(String routerId) {
        return "amqp:/_topo/0/" + routerId + "/qdrouter.ma";
    }
}

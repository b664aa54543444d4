package org.jrouterd.transport.amqp;

/**
 * One link as qdrouterd 1.19's management entity {@code router.link} shows it, read on the link's own event loop
 * at one instant. Immutable; nothing keeps it once it has been handed out. Counts are since the link attached.
 *
 * @param identity               router-wide link id (1, 2, ... in attach order)
 * @param linkName               the AMQP link name
 * @param linkType               {@code endpoint} (a client's link), {@code router-control} or {@code inter-router}
 * @param linkDir                {@code in} (the router receives on it) or {@code out} (the router sends on it)
 * @param address                the normalised address the link is bound to (target of an incoming link, source
 *                               of an outgoing one, the generated one for a dynamic link); null for an anonymous
 *                               link and for inter-router links. The management agent turns it into qdrouterd's
 *                               hash key ({@code M0orders})
 * @param dynamic                whether the peer attached with {@code dynamic=true} (the address was made up here)
 * @param connectionId           the {@link ConnectionSnapshot#identity()} of the link's connection
 * @param capacity               the link capacity in deliveries ({@code linkCapacity})
 * @param creditAvailable        link credit now, as proton counts it: for {@code in}, the credit the router has
 *                               granted the peer and not yet used; for {@code out}, the credit the peer has granted
 * @param undeliveredCount       for {@code out}, deliveries queued for the link and not yet sent; 0 for {@code in}
 * @param unsettledCount         deliveries sent ({@code out}) or received ({@code in}) whose outcome is not settled
 * @param deliveryCount          deliveries received whole ({@code in}) or sent ({@code out})
 * @param presettledCount        of those, deliveries that were settled before they were sent
 * @param droppedPresettledCount pre-settled deliveries dropped: no route ({@code in}), or the consumer did not keep
 *                               up ({@code out})
 * @param acceptedCount          unsettled deliveries settled as accepted
 * @param rejectedCount          ... as rejected
 * @param releasedCount          ... as released (for {@code in}: also those the router released, e.g. no route)
 * @param modifiedCount          ... as modified
 * @param deliveriesDelayed1Sec  deliveries settled more than 1 s after arrival; not measured yet, always 0
 * @param deliveriesDelayed10Sec deliveries settled more than 10 s after arrival; not measured yet, always 0
 * @param deliveriesStuck        deliveries unsettled for more than 10 s; not measured yet, always 0
 * @param zeroCreditSeconds      whole seconds the link has had no credit, 0 while it has some. Sampled by snapshots:
 *                               a link seen without credit, and without a delivery since the previous snapshot, has
 *                               been without since then (or since it attached); a lower bound
 * @param settleRate             deliveries settled per second (pre-settled, accepted and rejected, as qdrouterd
 *                               counts them), averaged since the previous snapshot at least a second old (or since
 *                               the link attached)
 * @param adminStatus            always {@code enabled}
 * @param operStatus             always {@code up} (a link that is gone is absent)
 * @param priority               the message priority the link carries: 0-9 for the first ten inter-router data
 *                               links each way, 9 for control links, 4 otherwise (qdrouterd's default)
 */
public record LinkSnapshot(long identity, String linkName, String linkType, String linkDir, String address,
                           boolean dynamic, long connectionId, int capacity, int creditAvailable,
                           long undeliveredCount, long unsettledCount, long deliveryCount, long presettledCount,
                           long droppedPresettledCount, long acceptedCount, long rejectedCount, long releasedCount,
                           long modifiedCount, long deliveriesDelayed1Sec, long deliveriesDelayed10Sec,
                           long deliveriesStuck, long zeroCreditSeconds, long settleRate, String adminStatus,
                           String operStatus, int priority) {

    public static final String ENDPOINT = "endpoint";
    public static final String ROUTER_CONTROL = "router-control";
    public static final String INTER_ROUTER = "inter-router";
    public static final String DIR_IN = "in";
    public static final String DIR_OUT = "out";
    /** qdrouterd's priority of a link that carries any priority. */
    public static final int DEFAULT_PRIORITY = 4;
    /** qdrouterd's priority of control links. */
    public static final int CONTROL_PRIORITY = 9;
}

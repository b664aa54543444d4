package org.jrouterd.transport.amqp;

/**
 * Router-wide delivery counts, as qdrouterd's {@code router} entity shows them, summed from links: those of the
 * links attached now plus those of every link that has gone (each link's last counts are kept in its event loop's
 * totals when it detaches), so that the totals only ever grow. Which links count where follows qdrouterd: ingress
 * and pre-settled from client (endpoint) links into the router, egress from client links out of it, transit from
 * inter-router data links out of it (every copy sent on to another router), outcomes and delays from every link into the router, stuck deliveries from the
 * links out of it (where a delivery waits for its consumer), blocked links among client links out of it.
 *
 * <p>Threads: an instance that keeps an event loop's gone links is owned by that loop; a sum made for a read
 * belongs to its reader.
 */
public final class DeliveryTotals {

    /** Seconds without credit after which a link out to a client counts as blocked (qdrouterd's stuck age). */
    static final long BLOCKED_SECONDS = 10;

    private long ingress;
    private long egress;
    private long transit;
    private long presettled;
    private long droppedPresettled;
    private long accepted;
    private long rejected;
    private long released;
    private long modified;
    private long delayed1Sec;
    private long delayed10Sec;
    private long stuck;
    private long blockedLinks;
    private long liveLinks;

    /** Adds one link's counts. {@code live}: the link is attached now (only then does it count as blocked). */
    void add(LinkSnapshot link, boolean live) {
        if (live) {
            liveLinks++;
        }
        boolean endpoint = LinkSnapshot.ENDPOINT.equals(link.linkType());
        if (LinkSnapshot.DIR_IN.equals(link.linkDir())) {
            if (endpoint) {
                ingress += link.deliveryCount();
                presettled += link.presettledCount();
                droppedPresettled += link.droppedPresettledCount();
            }
            accepted += link.acceptedCount();
            rejected += link.rejectedCount();
            released += link.releasedCount();
            modified += link.modifiedCount();
            delayed1Sec += link.deliveriesDelayed1Sec();
            delayed10Sec += link.deliveriesDelayed10Sec();
        } else {
            if (endpoint) {
                egress += link.deliveryCount();
                droppedPresettled += link.droppedPresettledCount();
                if (live && link.zeroCreditSeconds() > BLOCKED_SECONDS) {
                    blockedLinks++;
                }
            } else if (LinkSnapshot.INTER_ROUTER.equals(link.linkType())) {
                transit += link.deliveryCount();
            }
            if (live) {
                stuck += link.deliveriesStuck();
            }
        }
    }

    /** Adds another sum's counts. */
    void add(DeliveryTotals other) {
        ingress += other.ingress;
        egress += other.egress;
        transit += other.transit;
        presettled += other.presettled;
        droppedPresettled += other.droppedPresettled;
        accepted += other.accepted;
        rejected += other.rejected;
        released += other.released;
        modified += other.modified;
        delayed1Sec += other.delayed1Sec;
        delayed10Sec += other.delayed10Sec;
        stuck += other.stuck;
        blockedLinks += other.blockedLinks;
        liveLinks += other.liveLinks;
    }

    /** Links attached now (management's {@code linkCount}). */
    public long liveLinks() {
        return liveLinks;
    }

    public long deliveriesIngress() {
        return ingress;
    }

    public long deliveriesEgress() {
        return egress;
    }

    public long deliveriesTransit() {
        return transit;
    }

    public long presettledDeliveries() {
        return presettled;
    }

    public long droppedPresettledDeliveries() {
        return droppedPresettled;
    }

    public long acceptedDeliveries() {
        return accepted;
    }

    public long rejectedDeliveries() {
        return rejected;
    }

    public long releasedDeliveries() {
        return released;
    }

    public long modifiedDeliveries() {
        return modified;
    }

    public long deliveriesDelayed1Sec() {
        return delayed1Sec;
    }

    public long deliveriesDelayed10Sec() {
        return delayed10Sec;
    }

    /** Deliveries held more than 10 s and still not settled, now. */
    public long deliveriesStuck() {
        return stuck;
    }

    /** Links out to clients that have had no credit for more than 10 s, now. */
    public long blockedLinks() {
        return blockedLinks;
    }
}

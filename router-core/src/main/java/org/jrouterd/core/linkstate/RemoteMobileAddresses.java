package org.jrouterd.core.linkstate;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies received MAUs to the mobile addresses held per remote router, as qdrouterd's mobile_sync does: a
 * differential MAU must carry exactly the next mobile_seq, otherwise one MAR is owed (until an MAU is applied);
 * an absolute MAU replaces the router's set; hints count for newly added keys only. Every change is told to the
 * listener. Owned by the core thread through {@link LinkStateEngine}.
 */
final class RemoteMobileAddresses {

    private final LinkStateListener listener;

    RemoteMobileAddresses(LinkStateListener listener) {
        this.listener = listener;
    }

    /** Applies {@code mau} from {@code node}, or marks a MAR owed when it is out of sequence. */
    void apply(RouterNode node, MobileAddressUpdate mau) {
        if (!mau.isAbsolute() && node.mobileSeq != mau.mobileSeq() - 1) {
            if (!node.marOutstanding) {
                node.marOutstanding = true;
                node.mobileAddressesRequested = true;
            }
            return;
        }
        node.marOutstanding = false;
        node.mobileSeq = mau.mobileSeq();
        Set<String> stale = mau.isAbsolute() ? new LinkedHashSet<>(node.addresses.keySet()) : Set.of();
        List<String> listed = mau.listedKeys();
        for (int i = 0; i < listed.size(); i++) {
            String key = listed.get(i);
            if (mau.isAbsolute()) {
                stale.remove(key);
            }
            if (!node.addresses.containsKey(key)) {
                TreatmentHint hint = mau.hintAt(i);
                node.addresses.put(key, hint);
                listener.remoteAddressAdded(node.id, key, hint);
            }
        }
        List<String> removed = mau.isAbsolute() ? new ArrayList<>(stale) : mau.del();
        for (String key : removed) {
            if (node.addresses.remove(key) != null) {
                listener.remoteAddressRemoved(node.id, key);
            }
        }
    }

    /** Forgets every address of {@code node} (it restarted or was forgotten) and its mobile sequence. */
    void flush(RouterNode node) {
        node.mobileSeq = 0;
        node.marOutstanding = false;
        for (String key : new ArrayList<>(node.addresses.keySet())) {
            node.addresses.remove(key);
            listener.remoteAddressRemoved(node.id, key);
        }
    }
}

package org.jrouterd.core.linkstate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * This router's mobile addresses as the MAU protocol sees them: the current local destinations, the additions and
 * deletions not yet announced, and the mobile sequence number. An address added and removed again between two
 * differential MAUs is never announced (qdrouterd's mobile_sync does the same). Owned by the core thread.
 */
final class LocalMobileAddresses {

    private final Map<String, TreatmentHint> local = new LinkedHashMap<>();
    private final Map<String, TreatmentHint> pendingAdd = new LinkedHashMap<>();
    private final Map<String, TreatmentHint> pendingDel = new LinkedHashMap<>();
    private long mobileSeq;

    long mobileSeq() {
        return mobileSeq;
    }

    Map<String, TreatmentHint> local() {
        return local;
    }

    void added(String key, TreatmentHint hint) {
        if (local.containsKey(key)) {
            return;
        }
        local.put(key, hint);
        if (pendingDel.remove(key) == null) {
            pendingAdd.put(key, hint);
        }
    }

    void removed(String key) {
        TreatmentHint hint = local.remove(key);
        if (hint == null) {
            return;
        }
        if (pendingAdd.remove(key) == null) {
            pendingDel.put(key, hint);
        }
    }

    boolean hasPendingChanges() {
        return !pendingAdd.isEmpty() || !pendingDel.isEmpty();
    }

    /** Bumps the mobile sequence and returns the differential MAU for the pending changes, which it clears. */
    MobileAddressUpdate nextDifferential(String routerId) {
        mobileSeq++;
        List<String> add = new ArrayList<>(pendingAdd.keySet());
        List<Integer> hints = pendingAdd.values().stream().map(TreatmentHint::code).toList();
        List<String> del = new ArrayList<>(pendingDel.keySet());
        pendingAdd.clear();
        pendingDel.clear();
        return MobileAddressUpdate.differential(routerId, mobileSeq, add, hints, del);
    }

    /**
     * The absolute MAU at the current sequence: what the last differential MAU announced, i.e. the local
     * destinations not pending addition plus those pending deletion.
     */
    MobileAddressUpdate absolute(String routerId) {
        List<String> exist = new ArrayList<>();
        List<Integer> hints = new ArrayList<>();
        local.forEach((key, hint) -> {
            if (!pendingAdd.containsKey(key)) {
                exist.add(key);
                hints.add(hint.code());
            }
        });
        pendingDel.forEach((key, hint) -> {
            exist.add(key);
            hints.add(hint.code());
        });
        return MobileAddressUpdate.absolute(routerId, mobileSeq, exist, hints);
    }
}

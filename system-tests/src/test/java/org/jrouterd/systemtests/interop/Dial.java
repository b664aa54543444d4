package org.jrouterd.systemtests.interop;

import org.jrouterd.systemtests.launch.RouterKind;

/**
 * Which kind of router accepts an inter-router connection and which opens it, for a two-router test: router A
 * listens, router B dials. Only the dialling side attaches the inter-router links, so both directions must work.
 */
enum Dial {

    /** qdrouterd A accepts; jrouterd B's connector dials it and attaches the links. */
    JROUTERD_DIALS_QDROUTERD(RouterKind.QDROUTERD, RouterKind.JROUTERD),
    /** jrouterd A accepts; qdrouterd B's connector dials it and attaches the links. */
    QDROUTERD_DIALS_JROUTERD(RouterKind.JROUTERD, RouterKind.QDROUTERD);

    final RouterKind listener;
    final RouterKind connector;

    Dial(RouterKind listener, RouterKind connector) {
        this.listener = listener;
        this.connector = connector;
    }
}

package org.jrouterd.core.linkstate;

import java.util.Optional;

/**
 * The {@code opcode} application property of a control message, and which key type its body map uses.
 *
 * <p>Threads: immutable; any thread.
 */
public enum Opcode {
    HELLO(false),
    RA(false),
    LSR(false),
    LSU(false),
    MAU(true),
    MAR(true);

    private final boolean symbolKeys;

    Opcode(boolean symbolKeys) {
        this.symbolKeys = symbolKeys;
    }

    /** The string carried in the {@code opcode} application property. */
    public String wireName() {
        return name();
    }

    /** True for MAU and MAR (symbol keys, long values); false for HELLO, RA, LSR, LSU (string keys). */
    public boolean usesSymbolKeys() {
        return symbolKeys;
    }

    /** The opcode for a wire name, exact match; empty when unknown. */
    public static Optional<Opcode> fromWireName(String name) {
        for (Opcode opcode : values()) {
            if (opcode.name().equals(name)) {
                return Optional.of(opcode);
            }
        }
        return Optional.empty();
    }
}

package org.jrouterd.mgmt.agent;

import java.util.List;

/**
 * The router's recent log records for GET-LOG. qdrouterd answers a list of records, each
 * {@code [module, level, text, sourceFile, sourceLine, epochSeconds]}, oldest first.
 *
 * <p>Threads: called on the management thread; must read a thread-safe buffer and not block.
 */
@FunctionalInterface
public interface LogSource {

    /** A source without records: GET-LOG answers an empty list. */
    LogSource NONE = limit -> List.of();

    /**
     * Gets the most recent records.
     *
     * @param limit the largest number of records to return, or a negative number for all that are kept
     * @return the records, oldest first; each a list {@code [module, level, text, file, line, seconds]}
     */
    List<List<Object>> recent(int limit);
}

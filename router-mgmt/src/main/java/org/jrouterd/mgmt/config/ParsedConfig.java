package org.jrouterd.mgmt.config;

import java.util.List;
import org.jrouterd.mgmt.schema.EntityCreate;

/**
 * A parsed configuration: the entity creations in load order, and warnings worth logging (deprecated names).
 *
 * @param creates  the CREATE operations, in the order to apply them
 * @param warnings each as {@code file:line: message}
 */
public record ParsedConfig(List<EntityCreate> creates, List<String> warnings) {

    public ParsedConfig {
        creates = List.copyOf(creates);
        warnings = List.copyOf(warnings);
    }
}

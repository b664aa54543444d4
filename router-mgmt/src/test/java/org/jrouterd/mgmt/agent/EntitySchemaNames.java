package org.jrouterd.mgmt.agent;

import java.util.ArrayList;
import java.util.List;
import org.jrouterd.mgmt.schema.EntitySchema;

/** A type's attribute names in the order QUERY and GET-ATTRIBUTES give them: own, then name, identity, type. */
final class EntitySchemaNames {

    private EntitySchemaNames() {
    }

    static List<String> all(String longName) {
        List<String> names = new ArrayList<>();
        for (String name : EntitySchema.qdrouterd().type(longName).attributes().keySet()) {
            if (!name.equals("name") && !name.equals("identity")) {
                names.add(name);
            }
        }
        names.addAll(List.of("name", "identity", "type"));
        return names;
    }
}

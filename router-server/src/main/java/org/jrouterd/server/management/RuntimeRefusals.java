package org.jrouterd.server.management;

import org.jrouterd.mgmt.agent.EntityChangeRefused;
import org.jrouterd.mgmt.config.ConfigException;

/** The refusals the runtime entity types share: a value the config file would refuse too, a duplicate. Stateless. */
final class RuntimeRefusals {

    private RuntimeRefusals() {
    }

    /** 400 with the config file's message for the same problem, without {@code file:line}. */
    static EntityChangeRefused invalid(ConfigException e) {
        return new EntityChangeRefused(EntityChangeRefused.BAD_REQUEST, e.detail());
    }

    /** 400 for a value a spec refuses, named as the config file names it: {@code listener: ...}. */
    static EntityChangeRefused invalid(String type, IllegalArgumentException e) {
        return new EntityChangeRefused(EntityChangeRefused.BAD_REQUEST, type + ": " + e.getMessage());
    }

    /** 400 as qdrouterd answers a second entity with a name in use. */
    static EntityChangeRefused duplicateName(String type, String name) {
        return new EntityChangeRefused(EntityChangeRefused.BAD_REQUEST, "adding " + type + " name=" + name
                + " duplicates unique attribute 'name' from an existing " + type);
    }
}

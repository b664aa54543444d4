package org.jrouterd.mgmt.config;

import java.util.List;
import org.jrouterd.mgmt.schema.EntityType;
import org.jrouterd.mgmt.schema.RawAttribute;

/**
 * One section as read from the file, before checking.
 *
 * @param type       the entity type the section names
 * @param line       the line of the section header (or of the JSON pair)
 * @param attributes the attributes in file order
 */
record RawSection(EntityType type, int line, List<RawAttribute> attributes) {
}

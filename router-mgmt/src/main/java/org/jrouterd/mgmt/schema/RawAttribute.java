package org.jrouterd.mgmt.schema;

/**
 * An attribute as written, before checking.
 *
 * @param writtenName the name as written ({@code sasl-mechanisms}, {@code dir}, ...)
 * @param value       a {@link String} (config file) or a plain JSON value
 * @param line        where the caller found it: a config-file line, or 0
 */
public record RawAttribute(String writtenName, Object value, int line) {
}

package org.jrouterd.server.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jrouterd.mgmt.json.PythonJson;
import org.jrouterd.transport.sasl.external.UidNameMapping;

/**
 * Reads an sslProfile's {@code uidNameMappingFile} as qdrouterd's display-name service does: one JSON object whose
 * keys are user ids (as {@code uidFormat} builds them) and whose values are the names to use instead. Stateless.
 */
public final class UidNameMappingFile {

    private UidNameMappingFile() {
    }

    /**
     * Reads the file.
     *
     * @throws IOException when it cannot be read
     * @throws IllegalArgumentException when it is not a JSON object of strings
     */
    public static UidNameMapping read(Path file) throws IOException {
        Object value;
        try {
            value = PythonJson.loads(Files.readString(file, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + " is not JSON: " + e.getMessage(), e);
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(file + " must hold one JSON object of user id to name");
        }
        Map<String, String> names = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getValue() instanceof String name)) {
                throw new IllegalArgumentException(file + ": the name of " + entry.getKey() + " is not a string");
            }
            names.put(String.valueOf(entry.getKey()), name);
        }
        return new UidNameMapping(names);
    }
}

package org.jrouterd.mgmt.schema;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Resolves a secret attribute (a password) written as {@code env:VAR}, {@code file:PATH}, {@code pass:TEXT},
 * {@code literal:TEXT} or plain text, as qdrouterd 1.19 does. A {@code file:} secret is the file's first line; a
 * relative path is taken from the configuration file's directory. Immutable.
 */
public final class SecretResolver {

    private final Function<String, String> environment;
    private final Path baseDirectory;

    /**
     * Creates a resolver.
     *
     * @param environment   looks up environment variables (e.g. {@code System::getenv})
     * @param baseDirectory directory relative {@code file:} paths are resolved against
     */
    public SecretResolver(Function<String, String> environment, Path baseDirectory) {
        this.environment = environment;
        this.baseDirectory = baseDirectory;
    }

    /** A resolver using the process environment and the working directory. */
    public static SecretResolver system() {
        return new SecretResolver(System::getenv, Path.of(""));
    }

    /**
     * Resolves one secret.
     *
     * @param written the value as written
     * @return the secret itself
     * @throws InvalidValueException if the variable is not set or the file cannot be read
     */
    public String resolve(String written) throws InvalidValueException {
        if (written.startsWith("env:")) {
            String name = written.substring("env:".length()).trim();
            String value = name.isEmpty() ? null : environment.apply(name);
            if (value == null) {
                throw new InvalidValueException("environment variable '" + name + "' (from '" + written
                        + "') is not set");
            }
            return value;
        }
        if (written.startsWith("file:")) {
            return readFile(written.substring("file:".length()).trim());
        }
        if (written.startsWith("pass:")) {
            return written.substring("pass:".length());
        }
        if (written.startsWith("literal:")) {
            return written.substring("literal:".length());
        }
        return written;
    }

    private String readFile(String pathText) throws InvalidValueException {
        Path path = baseDirectory.resolve(pathText);
        try {
            String content = Files.readString(path, StandardCharsets.UTF_8);
            int end = content.indexOf('\n');
            String firstLine = end < 0 ? content : content.substring(0, end);
            return firstLine.endsWith("\r") ? firstLine.substring(0, firstLine.length() - 1) : firstLine;
        } catch (NoSuchFileException e) {
            throw new InvalidValueException("password file '" + path + "' does not exist");
        } catch (IOException e) {
            throw new InvalidValueException("cannot read password file '" + path + "': " + e.getMessage());
        }
    }
}

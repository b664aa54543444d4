package org.jrouterd.transport.tls;

import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SslContext new connections of one listener or connector get, rebuilt when its sslProfile's files change
 * (live rotation): {@link #refreshIfChanged()} compares the files' bytes with those the current context was
 * built from and, if they differ and the new ones make a good context, swaps it in. Connections already up keep
 * the context they started with. A change that does not make a good context (a certificate replaced before its
 * key) is logged once and the current context stays.
 *
 * <p>Threads: {@link #refreshIfChanged()} runs on one thread at a time (the server's timer, on its acceptor
 * loop); {@link #current()} is read by every event loop (a volatile reference).
 */
public final class TlsContextSource {

    private static final Logger LOG = LoggerFactory.getLogger("SERVER");
    /** How often the server looks at the profiles' files. */
    public static final long CHECK_INTERVAL_MILLIS = 2_000;

    /** Builds a context from the profile's files as they are now. */
    @FunctionalInterface
    public interface ContextBuilder {
        SslContext build() throws TlsSetupException;
    }

    private final String profileName;
    private final ContextBuilder builder;
    private final List<Path> files;
    private volatile SslContext current;
    /** The files' contents the current context was built from (or that last failed to build). */
    private List<byte[]> seen;

    private TlsContextSource(String profileName, ContextBuilder builder, List<Path> files, SslContext first,
                             List<byte[]> seen) {
        this.profileName = profileName;
        this.builder = builder;
        this.files = files;
        this.current = first;
        this.seen = seen;
    }

    /** A source that watches {@code profile}'s files, starting with a context built now. */
    public static TlsContextSource watching(TlsProfile profile, ContextBuilder builder) throws TlsSetupException {
        List<Path> files = new ArrayList<>();
        for (Path file : Arrays.asList(profile.certFile(), profile.privateKeyFile(), profile.caCertFile())) {
            if (file != null) {
                files.add(file);
            }
        }
        List<byte[]> before = read(files);
        return new TlsContextSource(profile.name(), builder, List.copyOf(files), builder.build(), before);
    }

    /** A source that never changes. */
    public static TlsContextSource fixed(String profileName, SslContext context) {
        return new TlsContextSource(profileName, null, List.of(), Objects.requireNonNull(context), List.of());
    }

    /** The context for a new connection. */
    public SslContext current() {
        return current;
    }

    /** Whether there is anything to watch. */
    public boolean watches() {
        return builder != null && !files.isEmpty();
    }

    /**
     * Rebuilds the context if the files changed since the last look; returns whether a new context is in use.
     * Never throws: a failure is logged and the current context kept.
     */
    public boolean refreshIfChanged() {
        if (!watches()) {
            return false;
        }
        List<byte[]> now = read(files);
        if (sameContents(now, seen)) {
            return false;
        }
        seen = now;
        try {
            SslContext rebuilt = builder.build();
            current = rebuilt;
            LOG.info("sslProfile '{}': its files changed; new connections use the new certificate and CAs",
                    profileName);
            return true;
        } catch (TlsSetupException | RuntimeException e) {
            LOG.warn("sslProfile '{}': its files changed but cannot be used ({}); new connections keep the previous "
                    + "certificate and CAs", profileName, e.getMessage());
            return false;
        }
    }

    /** Each file's bytes, or an empty array for a file that cannot be read now (it is being replaced). */
    private static List<byte[]> read(List<Path> files) {
        List<byte[]> contents = new ArrayList<>(files.size());
        for (Path file : files) {
            try {
                contents.add(Files.readAllBytes(file));
            } catch (IOException e) {
                contents.add(new byte[0]);
            }
        }
        return contents;
    }

    private static boolean sameContents(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }
}

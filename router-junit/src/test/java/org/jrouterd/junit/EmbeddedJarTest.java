package org.jrouterd.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.jrouterd.server.Router;
import org.junit.jupiter.api.Test;

/**
 * What this module runs on, {@code router-embedded}, is the router with Netty, proton-j and picocli relocated: no
 * class of theirs under its own name (so an application's own Netty or proton-j never clashes), Netty's native
 * epoll library renamed as relocated Netty looks for it, no logging configuration, and nothing else but the router.
 */
class EmbeddedJarTest {

    private static final List<String> RELOCATED = List.of("io/netty/", "org/apache/qpid/proton/", "picocli/");

    @Test
    void theRouterComesFromTheShadedJarWithItsDependenciesRelocated() throws IOException, URISyntaxException {
        Path jar = Path.of(Router.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertThat(jar.getFileName().toString()).as("the router's classes come from the router-embedded jar")
                .startsWith("router-embedded-").endsWith(".jar");
        try (JarFile file = new JarFile(jar.toFile())) {
            List<String> names = file.stream().map(ZipEntry::getName).toList();
            assertThat(names).as("classes under their own names")
                    .noneMatch(n -> RELOCATED.stream().anyMatch(n::startsWith));
            assertThat(names).as("only the router's own and the relocated packages")
                    .allMatch(n -> n.startsWith("org/jrouterd/") || n.startsWith("META-INF/") || n.equals("org/")
                            || n.endsWith("/") && "org/jrouterd/".startsWith(n));
            assertThat(names).contains("org/jrouterd/shaded/io/netty/channel/Channel.class",
                    "org/jrouterd/shaded/org/apache/qpid/proton/engine/Transport.class",
                    "META-INF/native/liborg_jrouterd_shaded_netty_transport_native_epoll_x86_64.so");
            assertThat(names).as("no logging configuration of the daemon's").doesNotContain("logback.xml");
        }
    }
}

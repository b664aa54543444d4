package org.jrouterd.systemtests.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jrouterd.systemtests.launch.Jrouterd;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/embedding.md} shows the code of the sample projects in {@code embedding-samples/src/it}, which the
 * build compiles and tests (Maven Invoker): so the code a user pastes from the guide is code that ran. A block
 * after {@code <!-- sample: PATH -->} is that whole file; after {@code <!-- sample-part: PATH -->}, a part of it
 * (a pom's dependencies, say), where the guide's version stands for the build's {@code @project.version@}.
 */
class EmbeddingGuideTest {

    private static final Pattern BLOCK = Pattern.compile(
            "<!-- (sample|sample-part): (\\S+) -->\\n```\\w*\\n(.*?)```\\n", Pattern.DOTALL);

    @Test
    void everyCodeBlockOfTheGuideIsTheCodeOfATestedSample() throws IOException {
        Path home = Jrouterd.home();
        String guide = Files.readString(home.resolve("docs/embedding.md"));
        Path samples = home.resolve("embedding-samples/src/it");
        String version = projectVersion(home);

        Matcher block = BLOCK.matcher(guide);
        List<String> checked = new ArrayList<>();
        while (block.find()) {
            Path file = samples.resolve(block.group(2));
            assertThat(file).as("the sample file the guide names").isRegularFile();
            String code = Files.readString(file).replace("@project.version@", version);
            if (block.group(1).equals("sample")) {
                assertThat(block.group(3)).as("docs/embedding.md's copy of %s", file).isEqualTo(code);
            } else {
                assertThat(code).as("%s holds the guide's part", file).contains(block.group(3));
            }
            checked.add(block.group(2));
        }
        assertThat(checked).as("the guide's sample blocks").contains(
                "qpid-jms/src/test/java/com/example/orders/OrderQueueTest.java",
                "protonj2-client/src/test/java/com/example/orders/OrderQueueProtonTest.java",
                "qpid-jms/pom.xml", "protonj2-client/pom.xml");
    }

    @Test
    void everyJavaBlockOfTheGuideThatIsAWholeFileIsASample() throws IOException {
        String guide = Files.readString(Jrouterd.home().resolve("docs/embedding.md"));
        Matcher javaBlock = Pattern.compile("(<!-- sample: \\S+ -->\\n)?```java\\n(package .*?)```", Pattern.DOTALL)
                .matcher(guide);
        while (javaBlock.find()) {
            assertThat(javaBlock.group(1)).as("a whole Java file in the guide must be marked as a sample, so it is "
                    + "built and run:\n%s", javaBlock.group(2)).isNotNull();
        }
    }

    private static String projectVersion(Path home) throws IOException {
        Matcher version = Pattern.compile("<artifactId>jrouterd-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(home.resolve("pom.xml")));
        assertThat(version.find()).as("the parent pom's version").isTrue();
        return version.group(1);
    }
}

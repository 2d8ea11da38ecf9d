package io.github.s3drreplicator.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What ships is only the product: {@code target/lib} is the runtime dependency list the container image is built
 * from, and holds none of the sandbox's servers; the sandbox comes in its own jar, and without it {@code --sandbox}
 * says so.
 */
class ProductClassPathIT {

    private static final Path TARGET = Path.of("target");
    private static final List<String> SANDBOX_ONLY = List.of("s3mock", "spring", "tomcat", "elasticmq", "pekko",
            "scala", "h2-", "vertx-http-proxy");

    @Test
    void runtimeDependenciesHoldNoneOfTheSandboxsServers() throws IOException {
        try (Stream<Path> jars = Files.list(TARGET.resolve("lib"))) {
            List<String> names = jars.map(jar -> jar.getFileName().toString()).toList();
            assertThat(names).isNotEmpty().anyMatch(name -> name.startsWith("camel-main"));
            for (String sandboxOnly : SANDBOX_ONLY) {
                assertThat(names).as("runtime dependencies").noneMatch(name -> name.startsWith(sandboxOnly)
                        || name.contains("-" + sandboxOnly));
            }
        }
        try (Stream<Path> jars = Files.list(TARGET.resolve("sandbox-lib"))) {
            assertThat(jars.map(jar -> jar.getFileName().toString())).anyMatch(name -> name.startsWith("s3mock"))
                    .anyMatch(name -> name.startsWith("elasticmq"));
        }
    }

    @Test
    void theProductAloneAnswersSandboxBySayingItHasNone(@TempDir Path distribution) throws Exception {
        // the product's jar and its runtime libraries, as the container image has them
        Files.copy(TARGET.resolve("s3-dr-replicator.jar"), distribution.resolve("s3-dr-replicator.jar"));
        Files.createSymbolicLink(distribution.resolve("lib"), TARGET.resolve("lib").toAbsolutePath());
        Process process = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-jar",
                distribution.resolve("s3-dr-replicator.jar").toString(), "--sandbox")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(output).isEqualTo(2);
        assertThat(output).contains("has no sandbox");
    }
}

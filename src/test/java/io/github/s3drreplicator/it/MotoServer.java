package io.github.s3drreplicator.it;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * moto ({@code moto_server}), an AWS emulator written by other people than us, as its own process on a free loopback
 * port: S3, SQS, SNS, EventBridge, IAM and CloudFormation on one endpoint, S3 sending its own event notifications.
 * Tests that need it skip where {@code moto_server} is not on the PATH ({@link #available()}).
 */
final class MotoServer implements AutoCloseable {

    private static final String COMMAND = "moto_server";

    private final Process process;
    private final int port;
    private final Path log;

    private MotoServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Whether {@code moto_server} is on the PATH. */
    static boolean available() {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String folder : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(folder, COMMAND))) {
                return true;
            }
        }
        return false;
    }

    /** Starts moto on a free port of 127.0.0.1 and waits until it answers. */
    static MotoServer start(String name) throws IOException {
        int port = SandboxEnvironment.freePort();
        Path log = Files.createDirectories(Path.of("target", "moto")).resolve(name + ".log");
        Process process = new ProcessBuilder(COMMAND, "-H", "127.0.0.1", "-p", String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        MotoServer moto = new MotoServer(process, port, log);
        try {
            moto.awaitAnswering();
        } catch (RuntimeException e) {
            moto.close();
            throw e;
        }
        return moto;
    }

    private void awaitAnswering() {
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server died; see " + log);
            }
            return http.send(HttpRequest.newBuilder(URI.create(endpoint() + "/moto-api/")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() < 500;
        });
    }

    /** The one endpoint of every service it emulates. */
    String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** Forgets every resource of every service (moto's own reset API). */
    void reset() throws IOException, InterruptedException {
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(endpoint() + "/moto-api/reset"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
    }

    Path log() {
        return log;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}

package io.github.s3drreplicator.sandbox;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import com.adobe.testing.s3mock.S3MockApplication;

/**
 * S3Mock, a real S3 protocol server that keeps object bodies on disk, running in this JVM on a private port. The
 * sandbox's public S3 port is the {@link NotifyingS3Proxy} in front of it.
 */
final class S3MockServer implements AutoCloseable {

    private final S3MockApplication application;

    private S3MockServer(S3MockApplication application) {
        this.application = application;
    }

    static S3MockServer start(Path root, String region, String... buckets) {
        // S3Mock is a Spring Boot application: keep Spring Boot's hands off the process-wide logging setup
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        // S3Mock removes entries from the map it is given, so it must be a mutable one
        Map<String, Object> properties = new HashMap<>(Map.of(
                S3MockApplication.PROP_HTTP_PORT, 0,
                S3MockApplication.PROP_HTTPS_PORT, 0,
                "server.address", "127.0.0.1",
                S3MockApplication.PROP_ROOT_DIRECTORY, root.toString(),
                S3MockApplication.PROP_INITIAL_BUCKETS, String.join(",", buckets),
                S3MockApplication.PROP_SILENT, true,
                "spring.main.banner-mode", "off",
                "spring.main.log-startup-info", false));
        // the replicator's application.properties shadows S3Mock's own on the classpath: load neither,
        // and give S3Mock here what its own file would have
        properties.putAll(Map.of("spring.config.name", "s3mock-embedded-in-sandbox",
                "com.adobe.testing.s3mock.region", region,
                "spring.jmx.enabled", false,
                "spring.main.lazy-initialization", true,
                "server.tomcat.max-swallow-size", "10MB",
                // a cache in front of S3Mock's bucket metadata, which it otherwise reads from disk for every request
                "spring.main.sources", S3MockStoreConfiguration.class.getName()));
        S3MockApplication application = S3MockApplication.start(properties);
        return new S3MockServer(application);
    }

    @SuppressWarnings("removal") // embedding is what the sandbox is for; there is no other way to ask the port
    int port() {
        return application.getHttpPort();
    }

    @Override
    public void close() {
        application.stop();
    }
}

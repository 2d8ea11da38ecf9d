package io.github.s3drreplicator.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import picocli.CommandLine;

/** {@code --version}: the project's version, written into the jar by the build. */
public final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {"s3-dr-replicator " + version(), "Java " + System.getProperty("java.version")};
    }

    public static String version() {
        try (InputStream in = VersionProvider.class.getResourceAsStream("/s3-dr-replicator-version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}

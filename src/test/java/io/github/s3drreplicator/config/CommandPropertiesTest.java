package io.github.s3drreplicator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command's properties, read without Camel from the sources Camel Main reads and in its order: overrides, then
 * {@code -D}, then the environment, then the property files (the first that has the key), then the defaults.
 */
class CommandPropertiesTest {

    private static final Map<String, String> NO_ENVIRONMENT = Map.of();

    private static CommandProperties read(Map<String, String> overrides, Map<String, String> environment,
                                          Properties system) {
        return CommandProperties.read(overrides, environment::get, system).orElseThrow();
    }

    @Test
    void overridesWinOverSystemPropertiesOverTheEnvironmentOverFilesOverDefaults(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("application.properties");
        Files.writeString(file, "replicator.source.bucket = from-file\nreplicator.target.bucket = file-dr\n"
                + "replicator.queue = file-queue\nreplicator.workers = 7\n");
        Properties system = new Properties();
        system.setProperty(CommandProperties.LOCATIONS, "file:" + file);
        system.setProperty("replicator.source.bucket", "from-system");
        system.setProperty("replicator.target.bucket", "system-dr");
        Map<String, String> environment = Map.of("REPLICATOR_TARGET_BUCKET", "env-dr", "REPLICATOR_QUEUE",
                "env-queue");

        CommandProperties properties = read(Map.of("replicator.source.bucket", "from-override"), environment,
                system);

        assertThat(properties.get("replicator.source.bucket")).contains("from-override");
        assertThat(properties.get("replicator.target.bucket")).contains("system-dr");
        assertThat(properties.get("replicator.queue")).contains("env-queue");
        assertThat(properties.get("replicator.workers")).contains("7");
        assertThat(properties.get("replicator.delete.mode")).contains(Settings.DELETE_MODE.defaultValue());
        assertThat(properties.get("replicator.s3.endpoint")).isEmpty();
    }

    @Test
    void theFirstFileThatHasAKeyWinsAndAnOptionalOneMayBeMissing(@TempDir Path dir) throws Exception {
        Path first = dir.resolve("mounted.properties");
        Path second = dir.resolve("image.properties");
        Files.writeString(first, "replicator.target.bucket = mounted\n");
        Files.writeString(second, "replicator.target.bucket = image\nreplicator.queue = image-queue\n");
        Properties system = new Properties();
        system.setProperty(CommandProperties.LOCATIONS, "file:" + dir.resolve("absent") + ";optional=true,file:"
                + first + ",file:" + second);

        CommandProperties properties = read(Map.of(), NO_ENVIRONMENT, system);

        assertThat(properties.get("replicator.target.bucket")).contains("mounted");
        assertThat(properties.get("replicator.queue")).contains("image-queue");
        assertThat(properties.replicatorKeys()).contains("replicator.target.bucket", "replicator.queue");
    }

    @Test
    void byDefaultTheApplicationPropertiesOfTheClassPathAreRead() {
        CommandProperties properties = read(Map.of(), NO_ENVIRONMENT, new Properties());

        assertThat(properties.get("camel.main.name")).contains("s3-dr-replicator");
        assertThat(properties.settings().get(Settings.TARGET_BUCKET)).isEqualTo("dr-bucket");
    }

    @Test
    void whatOnlyCamelResolvesIsLeftToCamel(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("application.properties");
        Files.writeString(file, "replicator.target.bucket = {{env:DR_BUCKET}}\n");
        Properties placeholders = new Properties();
        placeholders.setProperty(CommandProperties.LOCATIONS, "file:" + file);
        Properties overrideFile = new Properties();
        overrideFile.setProperty("camel.main.override-properties-location", "file:" + file);

        assertThat(CommandProperties.read(Map.of(), NO_ENVIRONMENT::get, placeholders)).isEmpty();
        assertThat(CommandProperties.read(Map.of(), NO_ENVIRONMENT::get, overrideFile)).isEmpty();
    }

    @Test
    void aTypoInAKeyIsNamedAsTheServiceNamesIt() {
        CommandProperties properties = read(Map.of("replicator.target.bukcet", "x"), NO_ENVIRONMENT,
                new Properties());

        assertThatThrownBy(properties::settings).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("replicator.target.bukcet");
    }

    @Test
    void aPropertyFileThatMustBeThereAndIsNotIsAnError(@TempDir Path dir) {
        Properties system = new Properties();
        system.setProperty(CommandProperties.LOCATIONS, "file:" + dir.resolve("absent.properties"));

        assertThatThrownBy(() -> CommandProperties.read(Map.of(), NO_ENVIRONMENT::get, system))
                .hasMessageContaining("absent.properties");
    }
}

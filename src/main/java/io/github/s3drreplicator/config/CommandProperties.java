package io.github.s3drreplicator.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The properties a command reads, from the sources Camel Main reads them from and in its order, without starting
 * Camel: a command that only lists and compares (or sends to a queue) starts in a fraction of the time. First wins:
 * the command's own overrides, {@code -D} system properties, environment variables ({@code REPLICATOR_TARGET_BUCKET}
 * for {@code replicator.target.bucket}), the property files (the locations {@code camel.main.property-placeholder-location}
 * names, {@code classpath:application.properties} by default, the first that defines a key), and the settings'
 * defaults. Where a configuration uses what only Camel resolves (a value with a {@code {{placeholder}}}, or Camel
 * Main's initial or override property files), {@link #read} says so, and the command reads its settings through
 * Camel instead.
 */
public final class CommandProperties {

    static final String LOCATIONS = "camel.main.property-placeholder-location";
    private static final String DEFAULT_LOCATIONS = "classpath:application.properties;optional=true";
    private static final List<String> ONLY_CAMEL_READS = List.of("camel.main.initial-properties-location",
            "camel.main.override-properties-location");

    private final Map<String, String> overrides;
    private final Function<String, String> environment;
    private final Properties system;
    private final List<Properties> files;

    private CommandProperties(Map<String, String> overrides, Function<String, String> environment, Properties system,
                              List<Properties> files) {
        this.overrides = overrides;
        this.environment = environment;
        this.system = system;
        this.files = files;
    }

    /**
     * @return the properties, or empty where only Camel resolves them as the configuration means
     * @throws UncheckedIOException where a property file that is not optional cannot be read
     */
    public static Optional<CommandProperties> read(Map<String, String> overrides) {
        return read(overrides, System::getenv, System.getProperties());
    }

    static Optional<CommandProperties> read(Map<String, String> overrides, Function<String, String> environment,
                                            Properties system) {
        CommandProperties bare = new CommandProperties(overrides, environment, system, List.of());
        for (String key : ONLY_CAMEL_READS) {
            if (bare.lookup(key).isPresent()) {
                return Optional.empty();
            }
        }
        List<Properties> files = new ArrayList<>();
        for (String location : bare.lookup(LOCATIONS).orElse(DEFAULT_LOCATIONS).split(",")) {
            if (!location.isBlank()) {
                load(location.trim()).ifPresent(files::add);
            }
        }
        CommandProperties properties = new CommandProperties(overrides, environment, system, files);
        return properties.replicatorKeys().stream().map(properties::get).flatMap(Optional::stream)
                .anyMatch(value -> value.contains("{{")) ? Optional.empty() : Optional.of(properties);
    }

    /** A property by its full key, or empty; a setting's default where nothing sets it. */
    public Optional<String> get(String key) {
        Optional<String> found = lookup(key);
        if (found.isPresent()) {
            return found;
        }
        for (Properties file : files) {
            String value = file.getProperty(key);
            if (value != null) {
                return Optional.of(value.trim());
            }
        }
        return Optional.ofNullable(Settings.defaults().getProperty(key));
    }

    /** Every {@code replicator.*} key given, in the overrides, {@code -D} options or the property files. */
    public Set<String> replicatorKeys() {
        Set<String> keys = new TreeSet<>();
        overrides.keySet().forEach(keys::add);
        system.stringPropertyNames().forEach(keys::add);
        files.forEach(file -> keys.addAll(file.stringPropertyNames()));
        keys.removeIf(key -> !key.startsWith("replicator."));
        return keys;
    }

    /** The {@code replicator.*} settings, checked as the service checks them. */
    public ReplicatorSettings settings() {
        List<String> variables = new ArrayList<>();
        System.getenv().keySet().stream().filter(name -> name.startsWith("REPLICATOR_")).forEach(variables::add);
        return ReplicatorSettings.read(this::get, replicatorKeys(), variables);
    }

    /** Overrides, then system properties, then the environment, as Camel's properties component looks. */
    private Optional<String> lookup(String key) {
        String value = overrides.get(key);
        if (value == null) {
            value = system.getProperty(key);
        }
        if (value == null) {
            value = environment.apply(key);
        }
        if (value == null) {
            value = environment.apply(key.toUpperCase(Locale.US).replace('.', '_').replace('-', '_'));
        }
        return Optional.ofNullable(value).map(String::trim);
    }

    /** {@code classpath:NAME} or {@code file:PATH}, with {@code ;optional=true} where it may be missing. */
    private static Optional<Properties> load(String location) {
        boolean optional = location.endsWith(";optional=true");
        String where = optional ? location.substring(0, location.length() - ";optional=true".length()) : location;
        Properties properties = new Properties();
        try (InputStream in = where.startsWith("file:") ? open(Path.of(where.substring("file:".length())))
                : CommandProperties.class.getClassLoader().getResourceAsStream(where.startsWith("classpath:")
                ? where.substring("classpath:".length()) : where)) {
            if (in == null) {
                if (optional) {
                    return Optional.empty();
                }
                throw new UncheckedIOException(new IOException("the property file " + where + " is missing"));
            }
            properties.load(in);
            return Optional.of(properties);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the property file " + where, e);
        }
    }

    private static InputStream open(Path file) throws IOException {
        return Files.exists(file) ? Files.newInputStream(file) : null;
    }
}

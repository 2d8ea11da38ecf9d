package io.github.s3drreplicator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * A setting is defined once, in {@link Settings}: the README's table is that list, the routes name only known
 * settings and give them no defaults of their own, and the shipped properties files set only known settings.
 */
class SettingsDefinedOnceTest {

    private static final Path README = Path.of("README.md");
    private static final String BEGIN = "<!-- settings:begin (generated from Settings.java; SettingsDefinedOnceTest) -->";
    private static final String END = "<!-- settings:end -->";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\??(replicator\\.[^}]*)}}");

    /** The README's table, as Settings says it must read. */
    static String table() {
        StringBuilder table = new StringBuilder("| Property | Default | Meaning |\n|---|---|---|\n");
        for (Setting<?> setting : Settings.ALL) {
            String value = setting.defaultValue() == null ? "unset"
                    : setting.defaultValue().isEmpty() ? "empty" : "`" + setting.defaultValue() + "`";
            table.append("| `").append(setting.key()).append("` | ").append(value).append(" | ")
                    .append(setting.meaning()).append(" |\n");
        }
        return table.toString();
    }

    @Test
    void theReadmeTableIsTheListOfSettings() throws IOException {
        String readme = Files.readString(README);
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        assertThat(begin).as("README.md holds the line %s", BEGIN).isNotNegative();
        assertThat(end).isGreaterThan(begin);
        String shown = readme.substring(begin + BEGIN.length(), end).strip() + "\n";

        assertThat(shown).as("the settings table in README.md; replace it with the expected text").isEqualTo(table());
    }

    @Test
    void routesNameOnlyKnownSettingsAndGiveThemNoDefaultsOfTheirOwn() throws IOException {
        List<String> placeholders = new ArrayList<>();
        for (Path folder : List.of(Path.of("src/main/resources/routes"), Path.of("k8s/routes"))) {
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.toList()) {
                    Matcher matcher = PLACEHOLDER.matcher(Files.readString(file));
                    while (matcher.find()) {
                        placeholders.add(matcher.group(1));
                    }
                }
            }
        }
        assertThat(placeholders).isNotEmpty()
                .allSatisfy(key -> assertThat(Settings.byKey()).as("a setting named in a route").containsKey(key));
    }

    @Test
    void shippedPropertiesSetOnlyKnownSettingsWithValuesTheyTake() throws IOException {
        for (Path file : List.of(Path.of("src/main/resources/application.properties"),
                Path.of("k8s/application.properties"))) {
            Properties properties = new Properties();
            try (Reader in = Files.newBufferedReader(file)) {
                properties.load(in);
            }
            List<String> keys = properties.stringPropertyNames().stream().filter(k -> k.startsWith("replicator."))
                    .toList();
            ReplicatorSettings.read(key -> Optional.ofNullable(properties.getProperty(key)), keys, List.of());
        }
    }
}

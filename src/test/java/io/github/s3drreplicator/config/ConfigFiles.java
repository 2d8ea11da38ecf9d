package io.github.s3drreplicator.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON files of {@code config/}: as shipped, with their {@code ${PLACEHOLDER}}s inside strings, or filled in the
 * way config/README.md fills them in: {@code envsubst}, then {@code jq} turning the day counts S3 wants as numbers
 * ({@code Days}, {@code NoncurrentDays}) from strings back into numbers.
 */
public final class ConfigFiles {

    public static final Path CONFIG = Path.of(System.getProperty("basedir", ".")).resolve("config");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)}");
    /** What config/README.md's jq filter turns into numbers: (.. | objects | (.Days, .NoncurrentDays) | strings). */
    private static final Set<String> NUMERIC_FIELDS = Set.of("Days", "NoncurrentDays");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConfigFiles() {
    }

    /** Every *.json file under config/, in name order. */
    public static List<Path> jsonFiles() {
        try (Stream<Path> files = Files.walk(CONFIG)) {
            return files.filter(Files::isRegularFile).filter(file -> file.getFileName().toString().endsWith(".json"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file as shipped. */
    public static JsonNode read(String name) {
        try {
            return JSON.readTree(CONFIG.resolve(name).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("config/" + name + " is not JSON", e);
        }
    }

    /** The placeholders a file holds, by name. */
    public static Set<String> placeholders(String name) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = PLACEHOLDER.matcher(text(name));
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /**
     * A file filled in as config/README.md does it, as JSON text. Unlike envsubst it refuses a placeholder it has no
     * value for.
     */
    public static String fill(String name, Map<String, String> values) {
        return fill("config/" + name, text(name), values);
    }

    /** JSON text with config/'s placeholders (a file, or a document of the template) filled in the same way. */
    public static String fill(String origin, String text, Map<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder filled = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                throw new IllegalArgumentException(origin + " needs a value for ${" + matcher.group(1) + "}");
            }
            matcher.appendReplacement(filled, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(filled);
        try {
            JsonNode document = JSON.readTree(filled.toString());
            numbersBack(document);
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document);
        } catch (IOException e) {
            throw new UncheckedIOException(origin + " filled in is not JSON", e);
        }
    }

    private static void numbersBack(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (String field : NUMERIC_FIELDS) {
                if (object.path(field).isTextual()) {
                    object.set(field, IntNode.valueOf(Integer.parseInt(object.get(field).asText())));
                }
            }
        }
        node.forEach(ConfigFiles::numbersBack);
    }

    private static String text(String name) {
        try {
            return Files.readString(CONFIG.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

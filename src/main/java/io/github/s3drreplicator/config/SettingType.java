package io.github.s3drreplicator.config;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What values a setting takes: parses the text a property holds, or says what is allowed. Every type accepts the
 * empty text as "not set" only where {@link #optional} says so.
 *
 * @param allowed how the values are described to a user who gave a wrong one
 * @param parse   the text (trimmed, not empty) to the value; throws {@link IllegalArgumentException} when wrong
 */
public record SettingType<T>(String allowed, Function<String, T> parse) {

    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");
    private static final Pattern QUEUE = Pattern.compile("[A-Za-z0-9_-]{1,75}(\\.fifo)?");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    // a Camel duration: 500ms, 60s, 30m, 6h, 1h30m, or milliseconds
    private static final Pattern DURATION = Pattern.compile("(\\d+|(\\d+(ms|s|m|h|d))+)");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");

    public T valueOf(String text) {
        return parse.apply(text.trim());
    }

    public static SettingType<String> text() {
        return new SettingType<>("any text", Function.identity());
    }

    public static SettingType<String> bucket() {
        return matching("an S3 bucket name (3 to 63 lower-case letters, digits, dots and hyphens)", BUCKET);
    }

    public static SettingType<String> region() {
        return matching("an AWS region such as us-east-1", REGION);
    }

    public static SettingType<String> queue() {
        return matching("an SQS queue name (letters, digits, hyphens and underscores)", QUEUE);
    }

    public static SettingType<String> account() {
        return matching("a 12-digit AWS account id", ACCOUNT);
    }

    /** A duration as Camel reads it. */
    public static SettingType<String> duration() {
        return matching("a duration such as 60s, 30m or 1h30m", DURATION);
    }

    /** A duration as Camel reads it, of at least {@code min}. */
    public static SettingType<java.time.Duration> durationAtLeast(java.time.Duration min, String minSaid) {
        return new SettingType<>("a duration of " + minSaid + " or more, such as 90s, 2m or 1h", text -> {
            if (!DURATION.matcher(text).matches()) {
                throw new IllegalArgumentException();
            }
            java.time.Duration value = java.time.Duration.ofMillis(org.apache.camel.util.TimeUtils
                    .toMilliSeconds(text));
            if (value.compareTo(min) < 0) {
                throw new IllegalArgumentException();
            }
            return value;
        });
    }

    /** A duration as Camel reads it, or {@code off}. */
    public static SettingType<String> durationOrOff() {
        return new SettingType<>("a duration such as 30m, 6h or 1h30m, or off", text -> {
            if (text.equalsIgnoreCase("off") || DURATION.matcher(text).matches()) {
                return text;
            }
            throw new IllegalArgumentException();
        });
    }

    public static SettingType<URI> endpoint() {
        return new SettingType<>("an http or https URL such as http://127.0.0.1:9000", text -> {
            URI uri = URI.create(text);
            if (uri.getHost() == null || !Set.of("http", "https").contains(String.valueOf(uri.getScheme()))) {
                throw new IllegalArgumentException();
            }
            return uri;
        });
    }

    public static SettingType<Boolean> bool() {
        return new SettingType<>("true or false", text -> switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException();
        });
    }

    public static SettingType<Integer> integer(int min, int max) {
        return new SettingType<>(range(min, max), text -> {
            int value = Integer.parseInt(text);
            if (value < min || value > max) {
                throw new IllegalArgumentException();
            }
            return value;
        });
    }

    public static SettingType<Long> bytes(long min, long max) {
        return new SettingType<>("a number of bytes " + range(min, max), text -> {
            long value = Long.parseLong(text);
            if (value < min || value > max) {
                throw new IllegalArgumentException();
            }
            return value;
        });
    }

    public static SettingType<Double> fraction() {
        return new SettingType<>("a number from 0 to 1", text -> {
            double value = Double.parseDouble(text);
            if (!(value >= 0 && value <= 1)) {
                throw new IllegalArgumentException();
            }
            return value;
        });
    }

    /** One of the given words, in any case. */
    public static <E extends Enum<E>> SettingType<E> oneOf(Class<E> type) {
        List<String> names = Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT))
                .toList();
        return new SettingType<>("one of " + String.join(", ", names),
                text -> Enum.valueOf(type, text.toUpperCase(Locale.ROOT)));
    }

    /** One of the given words, exactly as written (S3's storage classes are upper case). */
    public static SettingType<String> oneOf(List<String> words) {
        return new SettingType<>("one of " + String.join(", ", words), text -> {
            if (!words.contains(text)) {
                throw new IllegalArgumentException();
            }
            return text;
        });
    }

    /** Names separated by commas, each of letters, digits, hyphens and underscores, none twice. */
    public static SettingType<List<String>> names() {
        return new SettingType<>("names (letters, digits, hyphens, underscores) separated by commas, none twice",
                text -> {
                    List<String> names = Arrays.stream(text.split(",")).map(String::trim).filter(n -> !n.isEmpty())
                            .toList();
                    if (names.isEmpty() || names.stream().anyMatch(n -> !NAME.matcher(n).matches())
                            || names.stream().distinct().count() != names.size()) {
                        throw new IllegalArgumentException();
                    }
                    return names;
                });
    }

    /** Some of the given words, separated by commas, each at most once. */
    public static SettingType<List<String>> someOf(List<String> words) {
        return new SettingType<>("some of " + String.join(", ", words) + ", separated by commas", text -> {
            List<String> given = Arrays.stream(text.split(",")).map(String::trim).filter(w -> !w.isEmpty()).toList();
            if (given.isEmpty() || !words.containsAll(given) || given.stream().distinct().count() != given.size()) {
                throw new IllegalArgumentException();
            }
            return given;
        });
    }

    private static SettingType<String> matching(String allowed, Pattern pattern) {
        return new SettingType<>(allowed, text -> {
            if (!pattern.matcher(text).matches()) {
                throw new IllegalArgumentException();
            }
            return text;
        });
    }

    private static String range(long min, long max) {
        if (max == Integer.MAX_VALUE || max == Long.MAX_VALUE) {
            return "from " + min;
        }
        return "from " + min + " to " + max;
    }

    @Override
    public String toString() {
        return allowed;
    }
}

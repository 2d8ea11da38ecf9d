package io.github.s3drreplicator.config;

import java.util.Optional;

/**
 * One {@code replicator.*} setting, defined once: its key, its default, what it means and what values it takes.
 * Everything else (the properties Camel resolves, the README's table, validation at start) is derived from these.
 *
 * @param key          the property key, e.g. {@code replicator.queue}
 * @param defaultValue the default as a property would hold it; {@code null} for none (an optional setting, unset)
 * @param type         the values it takes
 * @param meaning      one line for the README's table
 */
public record Setting<T>(String key, String defaultValue, SettingType<T> type, String meaning) {

    public static <T> Setting<T> of(String key, String defaultValue, SettingType<T> type, String meaning) {
        return new Setting<>(key, defaultValue, type, meaning);
    }

    /** A setting that is unset unless given. */
    public static <T> Setting<T> optional(String key, SettingType<T> type, String meaning) {
        return new Setting<>(key, null, type, meaning);
    }

    /**
     * The value of the given text: empty or blank text is "unset" (the default, or nothing).
     *
     * @throws InvalidSettingException naming the key and what is allowed
     */
    public Optional<T> valueOf(String text) {
        String given = text == null || text.isBlank() ? defaultValue : text;
        if (given == null || given.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(type.valueOf(given));
        } catch (RuntimeException e) {
            throw new InvalidSettingException(key + " = '" + given.trim() + "' is not " + type.allowed());
        }
    }

    /** The environment variable that overrides it, as Camel maps them: upper case, dots and dashes as underscores. */
    public String environmentVariable() {
        return environmentVariable(key);
    }

    static String environmentVariable(String key) {
        return key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}

package io.github.s3drreplicator.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The {@code replicator.*} settings of this run, read once when the service (or a command) starts and checked all
 * at once: an unknown key (a typo), a named pair's key for a pair that {@code replicator.pairs} does not list, or a
 * value a setting does not take stops it, naming every such key and what it allows.
 */
public final class ReplicatorSettings {

    private final Map<String, Object> values;
    private final Function<String, Optional<String>> property;
    private final List<String> pairs;

    private ReplicatorSettings(Map<String, Object> values, Function<String, Optional<String>> property,
                               List<String> pairs) {
        this.values = values;
        this.property = property;
        this.pairs = pairs;
    }

    /**
     * @param property  a property by its full key, from wherever it comes (defaults, application.properties,
     *                  environment, {@code -D}); empty when unset
     * @param givenKeys every {@code replicator.*} key some source sets, to find the unknown ones
     * @param givenEnvironment the names of the environment variables that start with {@code REPLICATOR_}
     * @throws InvalidSettingException naming every wrong key
     */
    public static ReplicatorSettings read(Function<String, Optional<String>> property, Collection<String> givenKeys,
                                          Collection<String> givenEnvironment) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> values = new HashMap<>();
        for (Setting<?> setting : Settings.ALL) {
            try {
                setting.valueOf(property.apply(setting.key()).orElse(null))
                        .ifPresent(value -> values.put(setting.key(), value));
            } catch (InvalidSettingException e) {
                problems.add(e.getMessage());
            }
        }
        @SuppressWarnings("unchecked")
        List<String> pairs = (List<String>) values.getOrDefault(Settings.PAIRS.key(), List.of("default"));
        for (String key : new TreeSet<>(givenKeys)) {
            unknown(key, pairs).ifPresent(problems::add);
        }
        for (String pair : pairs) {
            for (Setting<?> setting : Settings.PER_PAIR) {
                String key = pairKey(pair, setting);
                try {
                    setting.valueOf(property.apply(key).filter(v -> !v.isBlank()).orElse(null));
                } catch (InvalidSettingException e) {
                    problems.add(e.getMessage().replace(setting.key() + " =", key + " ="));
                }
            }
        }
        stateBucketOfItsOwn(values, property, pairs).forEach(problems::add);
        Set<String> knownVariables = knownEnvironmentVariables();
        for (String variable : new TreeSet<>(givenEnvironment)) {
            if (!knownVariables.contains(variable) && !isPairVariable(variable, pairs)) {
                problems.add("environment variable " + variable + " names no setting" + didYouMean(variable,
                        knownVariables));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidSettingException("invalid settings: " + String.join("; ", problems));
        }
        return new ReplicatorSettings(values, property, pairs);
    }

    /** The value, or {@code null} where the setting is unset and has no default. */
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        return (T) values.get(setting.key());
    }

    public <T> Optional<T> find(Setting<T> setting) {
        return Optional.ofNullable(get(setting));
    }

    /** The names of the bucket pairs, in order of priority. */
    public List<String> pairs() {
        return pairs;
    }

    /**
     * A named pair's own value of a per-pair setting ({@code replicator.pair.N.<suffix>}), or the pair
     * {@code default}'s value for the pair {@code default}; empty where the pair does not set it.
     */
    public <T> Optional<T> ofPair(String pair, Setting<T> setting) {
        if (pair.equals("default")) {
            return find(setting);
        }
        Setting<T> own = new Setting<>(pairKey(pair, setting), null, setting.type(), setting.meaning());
        return own.valueOf(property.apply(own.key()).orElse(null));
    }

    public static String pairKey(String pair, Setting<?> setting) {
        return Settings.PAIR_PREFIX + pair + "." + Settings.pairSuffix(setting);
    }

    /**
     * Why the state bucket is not a bucket of its own: it must be no pair's source or DR bucket, or the replicator's
     * state would be mirrored, audited and restored as a user's object, or sit among them in DR.
     */
    private static List<String> stateBucketOfItsOwn(Map<String, Object> values,
                                                    Function<String, Optional<String>> property, List<String> pairs) {
        Object stateBucket = values.get(Settings.STATE_BUCKET.key());
        List<String> problems = new ArrayList<>();
        if (stateBucket == null) {
            return problems;
        }
        for (String pair : pairs) {
            for (Setting<String> side : List.of(Settings.SOURCE_BUCKET, Settings.TARGET_BUCKET)) {
                String key = pair.equals("default") ? side.key() : pairKey(pair, side);
                Object bucket = pair.equals("default") ? values.get(key)
                        : property.apply(key).map(String::trim).orElse(null);
                if (stateBucket.equals(bucket)) {
                    problems.add(Settings.STATE_BUCKET.key() + " = '" + stateBucket + "' is the "
                            + (side == Settings.SOURCE_BUCKET ? "source" : "DR") + " bucket of pair '" + pair
                            + "' (" + key + "): the replicator's state needs a bucket of its own, which no pair"
                            + " replicates");
                }
            }
        }
        return problems;
    }

    /** Why a given key is no setting, or empty when it is one. */
    private static Optional<String> unknown(String key, List<String> pairs) {
        Map<String, Setting<?>> known = Settings.byKey();
        if (known.containsKey(key)) {
            return Optional.empty();
        }
        if (key.startsWith(Settings.PAIR_PREFIX)) {
            String rest = key.substring(Settings.PAIR_PREFIX.length());
            int dot = rest.indexOf('.');
            String pair = dot < 0 ? rest : rest.substring(0, dot);
            String suffix = dot < 0 ? "" : rest.substring(dot + 1);
            List<String> suffixes = Settings.PER_PAIR.stream().map(Settings::pairSuffix).toList();
            if (!suffixes.contains(suffix)) {
                return Optional.of(key + " names no per-pair setting; a pair takes " + String.join(", ", suffixes));
            }
            if (!pairs.contains(pair) || pair.equals("default")) {
                return Optional.of(key + " is for a pair '" + pair + "' that replicator.pairs (" + String.join(",",
                        pairs) + ") does not list");
            }
            return Optional.empty();
        }
        return Optional.of(key + " names no setting" + didYouMean(key, known.keySet()));
    }

    private static Set<String> knownEnvironmentVariables() {
        return Settings.ALL.stream().map(Setting::environmentVariable).collect(Collectors.toSet());
    }

    /** REPLICATOR_PAIR_<NAME>_<SUFFIX>, where the name may itself hold underscores. */
    private static boolean isPairVariable(String variable, List<String> pairs) {
        for (String pair : pairs) {
            for (Setting<?> setting : Settings.PER_PAIR) {
                if (variable.equals(Setting.environmentVariable(pairKey(pair, setting)))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String didYouMean(String given, Collection<String> known) {
        return known.stream()
                .filter(candidate -> distance(given, candidate) <= 3)
                .min(Comparator.comparingInt(candidate -> distance(given, candidate)))
                .map(candidate -> " (did you mean " + candidate + "?)")
                .orElse("");
    }

    /** Levenshtein's edit distance: typos are a character or two away. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}

package io.github.s3drreplicator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.github.s3drreplicator.pair.DeleteMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplicatorSettingsTest {

    private static ReplicatorSettings read(Map<String, String> properties, String... environment) {
        return ReplicatorSettings.read(key -> Optional.ofNullable(properties.get(key)), properties.keySet(),
                List.of(environment));
    }

    @Test
    void unsetSettingsTakeTheirDefaultsAndOptionalOnesStayUnset() {
        ReplicatorSettings settings = read(Map.of());

        assertThat(settings.get(Settings.QUEUE)).isEqualTo("prod-bucket-events");
        assertThat(settings.get(Settings.DELETE_MODE)).isEqualTo(DeleteMode.MIRROR);
        assertThat(settings.get(Settings.VISIBILITY_TIMEOUT_SECONDS)).isEqualTo(120);
        assertThat(settings.get(Settings.PAIRS)).containsExactly("default");
        assertThat(settings.find(Settings.ACCOUNT_ID)).isEmpty();
        assertThat(settings.find(Settings.S3_ENDPOINT)).isEmpty();
        assertThat(settings.find(Settings.TARGET_STORAGE_CLASS)).isEmpty();
        assertThat(settings.get(Settings.AUDIT_LEASE_DURATION)).isEqualTo(java.time.Duration.ofMinutes(2));
        assertThat(read(Map.of("replicator.audit.lease-duration", "1m30s")).get(Settings.AUDIT_LEASE_DURATION))
                .isEqualTo(java.time.Duration.ofSeconds(90));
    }

    @Test
    void givenValuesAreParsedIntoTheirTypes() {
        ReplicatorSettings settings = read(Map.of("replicator.s3.endpoint", "http://127.0.0.1:9000",
                "replicator.delete.mode", "Retain", "replicator.workers", " 32 ", "replicator.pairs", "logs, default",
                "replicator.pair.logs.source.bucket", "prod-bucket", "replicator.pair.logs.target.bucket", "dr-logs"));

        assertThat(settings.get(Settings.S3_ENDPOINT)).isEqualTo(URI.create("http://127.0.0.1:9000"));
        assertThat(settings.get(Settings.DELETE_MODE)).isEqualTo(DeleteMode.RETAIN);
        assertThat(settings.get(Settings.WORKERS)).isEqualTo(32);
        assertThat(settings.pairs()).containsExactly("logs", "default");
        assertThat(settings.ofPair("logs", Settings.TARGET_BUCKET)).contains("dr-logs");
        assertThat(settings.ofPair("logs", Settings.TARGET_REGION)).isEmpty();
    }

    @ParameterizedTest(name = "{0} = ''{1}'' is refused: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            replicator.delete.mode                   | sometimes     | one of mirror, retain, delayed
            replicator.source.region                 | Virginia      | an AWS region such as us-east-1
            replicator.target.bucket                 | DR_Bucket     | an S3 bucket name
            replicator.delete.breaker.max-per-minute | -5            | from 0
            replicator.delete.breaker.max-percent-of-dr | 150          | from 0 to 100
            replicator.workers                       | many          | from 1 to 10000
            replicator.s3.path-style                 | yes           | true or false
            replicator.s3.endpoint                   | localhost9000 | an http or https URL
            replicator.aws.account-id                | 1234          | a 12-digit AWS account id
            replicator.audit.schedule                | daily         | a duration such as 30m
            replicator.audit.lease-duration          | 500ms         | a duration of 1s or more
            replicator.audit.lease-duration          | soon          | a duration of 1s or more
            replicator.target.storage-class          | CHEAP         | one of DEEP_ARCHIVE
            replicator.reconcile.max-rounds          | 0             | from 1 to 100
            replicator.pairs                         | a,a           | none twice
            """)
    void aValueASettingDoesNotTakeStopsTheServiceNamingTheKeyAndWhatIsAllowed(String key, String value,
                                                                              String allowed) {
        assertThatThrownBy(() -> read(Map.of(key, value)))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining(key + " = '" + value + "'")
                .hasMessageContaining(allowed);
    }

    @Test
    void anUnknownKeyIsRefusedWithTheNearestKnownOne() {
        assertThatThrownBy(() -> read(Map.of("replicator.delete.moed", "retain")))
                .hasMessageContaining("replicator.delete.moed names no setting (did you mean replicator.delete.mode?)");
        assertThatThrownBy(() -> read(Map.of("replicator.something-else", "1")))
                .hasMessageContaining("replicator.something-else names no setting")
                .hasMessageNotContaining("did you mean");
    }

    @Test
    void aPairKeyNeedsAListedPairAndAPerPairSetting() {
        Map<String, String> properties = new HashMap<>(Map.of("replicator.pairs", "default,logs",
                "replicator.pair.logs.source.bucket", "prod-bucket", "replicator.pair.logs.target.bucket", "dr-logs"));
        assertThat(read(properties).pairs()).containsExactly("default", "logs");

        properties.put("replicator.pair.images.target.bucket", "dr-images");
        assertThatThrownBy(() -> read(properties)).hasMessageContaining(
                "replicator.pair.images.target.bucket is for a pair 'images' that replicator.pairs (default,logs)"
                        + " does not list");
        properties.remove("replicator.pair.images.target.bucket");
        properties.put("replicator.pair.logs.queue", "other");
        assertThatThrownBy(() -> read(properties)).hasMessageContaining("replicator.pair.logs.queue names no"
                + " per-pair setting");
        properties.remove("replicator.pair.logs.queue");
        properties.put("replicator.pair.logs.delete.mode", "never");
        assertThatThrownBy(() -> read(properties)).hasMessageContaining("replicator.pair.logs.delete.mode = 'never'");
    }

    @Test
    void environmentVariablesMustNameASetting() {
        assertThat(read(Map.of(), "REPLICATOR_TARGET_BUCKET", "REPLICATOR_DELETE_BREAKER_MAX_PER_MINUTE")
                .get(Settings.QUEUE)).isEqualTo("prod-bucket-events");
        assertThat(read(Map.of("replicator.pairs", "default,eu_logs", "replicator.pair.eu_logs.source.bucket", "a-b",
                "replicator.pair.eu_logs.target.bucket", "c-d"), "REPLICATOR_PAIR_EU_LOGS_TARGET_REGION").pairs())
                .contains("eu_logs");
        assertThatThrownBy(() -> read(Map.of(), "REPLICATOR_TARGET_BUKET"))
                .hasMessageContaining("environment variable REPLICATOR_TARGET_BUKET names no setting (did you mean"
                        + " REPLICATOR_TARGET_BUCKET?)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            the default pair's DR bucket     | dr-bucket   | the DR bucket of pair 'default' (replicator.target.bucket)
            the default pair's source bucket | prod-bucket | the source bucket of pair 'default' (replicator.source.bucket)
            a named pair's DR bucket         | dr-logs     | the DR bucket of pair 'logs' (replicator.pair.logs.target.bucket)
            a named pair's source bucket     | logs        | the source bucket of pair 'logs' (replicator.pair.logs.source.bucket)
            """)
    void aStateBucketThatIsAPairsBucketIsRefusedNamingTheKey(String which, String bucket, String named) {
        Map<String, String> properties = Map.of("replicator.pairs", "default,logs", "replicator.pair.logs.source.bucket",
                "logs", "replicator.pair.logs.target.bucket", "dr-logs", "replicator.state.bucket", bucket);

        assertThatThrownBy(() -> read(properties))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("replicator.state.bucket = '" + bucket + "' is " + named)
                .hasMessageContaining("a bucket of its own");
    }

    @Test
    void theStateBucketIsABucketOfItsOwnByDefault() {
        ReplicatorSettings settings = read(Map.of());

        assertThat(settings.get(Settings.STATE_BUCKET)).isEqualTo("s3-dr-replicator-state")
                .isNotIn(settings.get(Settings.SOURCE_BUCKET), settings.get(Settings.TARGET_BUCKET));
        assertThat(read(Map.of("replicator.pairs", "logs", "replicator.pair.logs.source.bucket", "logs",
                "replicator.pair.logs.target.bucket", "dr-logs", "replicator.state.bucket", "dr-bucket"))
                .get(Settings.STATE_BUCKET)).as("the single-pair buckets are no pair's when replicator.pairs leaves"
                + " default out").isEqualTo("dr-bucket");
    }

    @Test
    void everyProblemIsNamedAtOnce() {
        assertThatThrownBy(() -> read(Map.of("replicator.workers", "0", "replicator.queu", "q")))
                .hasMessageContaining("replicator.workers = '0'")
                .hasMessageContaining("replicator.queu names no setting");
    }

    @Test
    void everyDefaultIsAValueItsSettingTakes() {
        for (Setting<?> setting : Settings.ALL) {
            if (setting.defaultValue() != null) {
                setting.valueOf(setting.defaultValue());
            }
        }
        assertThat(Settings.ALL).extracting(Setting::key).doesNotHaveDuplicates()
                .allMatch(key -> key.startsWith("replicator."));
    }
}

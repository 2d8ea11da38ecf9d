package io.github.s3drreplicator.pair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.github.s3drreplicator.config.InvalidSettingException;
import io.github.s3drreplicator.event.ObjectEvent;
import io.github.s3drreplicator.event.RejectedRecordException;
import org.junit.jupiter.api.Test;

class BucketPairsTest {

    private static final Map<String, String> SINGLE_PAIR = Map.of(
            "replicator.source.bucket", "prod-bucket",
            "replicator.source.region", "us-east-1",
            "replicator.target.bucket", "dr-bucket",
            "replicator.target.region", "us-east-2",
            "replicator.target.storage-class", "STANDARD_IA");

    private static BucketPairs pairs(Map<String, String> properties) {
        return BucketPairs.fromProperties(key -> Optional.ofNullable(properties.get(key)));
    }

    private static ObjectEvent put(String bucket, String key) {
        return new ObjectEvent("ObjectCreated:Put", bucket, key, 1L, "e", null, "01", null);
    }

    private static Map<String, String> twoPairs() {
        Map<String, String> properties = new HashMap<>(SINGLE_PAIR);
        properties.put("replicator.pairs", "logs,default");
        properties.put("replicator.pair.logs.source.bucket", "prod-bucket");
        properties.put("replicator.pair.logs.source.prefix", "logs/");
        properties.put("replicator.pair.logs.source.suffix", ".gz");
        properties.put("replicator.pair.logs.target.bucket", "dr-logs");
        properties.put("replicator.pair.logs.target.region", "us-west-2");
        properties.put("replicator.pair.logs.target.storage-class", "GLACIER_IR");
        properties.put("replicator.pair.logs.delete.mode", "delayed");
        properties.put("replicator.pair.logs.delete.delay", "7");
        return properties;
    }

    @Test
    void singlePairPropertiesMakeThePairNamedDefault() {
        BucketPairs pairs = pairs(SINGLE_PAIR);

        assertThat(pairs.all()).containsExactly(new BucketPair("default", "prod-bucket", "us-east-1", "", "",
                "dr-bucket", "us-east-2", "STANDARD_IA", null, DeleteMode.MIRROR, 30));
        assertThat(pairs.pairFor(put("prod-bucket", "any/key")).name()).isEqualTo("default");
    }

    @Test
    void recordNamingAnotherBucketIsRejectedNeverCopiedFrom() {
        assertThatThrownBy(() -> pairs(SINGLE_PAIR).pairFor(put("someone-elses-bucket", "secret.txt")))
                .isInstanceOf(RejectedRecordException.class)
                .hasMessageContaining("someone-elses-bucket")
                .hasMessageContaining("prod-bucket");
    }

    @Test
    void firstPairWhoseFiltersSelectTheKeyWins() {
        BucketPairs pairs = pairs(twoPairs());

        BucketPair logs = pairs.pairFor(put("prod-bucket", "logs/2026/11/25.gz"));
        assertThat(logs.name()).isEqualTo("logs");
        assertThat(logs.targetBucket()).isEqualTo("dr-logs");
        assertThat(logs.targetClient()).isEqualTo("s3Client-us-west-2");
        assertThat(pairs.pairFor(put("prod-bucket", "logs/2026/11/25.txt")).name()).isEqualTo("default");
        assertThat(pairs.pairFor(put("prod-bucket", "images/logs/a.gz")).name()).isEqualTo("default");
    }

    @Test
    void namedPairFallsBackToTheSinglePairValuesButNotForBucketsOrFilters() {
        BucketPair logs = pairs(twoPairs()).named("logs").orElseThrow();

        assertThat(logs.sourceRegion()).isEqualTo("us-east-1");
        assertThat(logs.storageClass()).isEqualTo("GLACIER_IR");
        assertThat(logs.deleteMode()).isEqualTo(DeleteMode.DELAYED);
        assertThat(logs.deleteDelayDays()).isEqualTo(7);
        assertThat(pairs(twoPairs()).regions()).containsExactly("us-east-1", "us-west-2", "us-east-2");
    }

    @Test
    void keyNoPairSelectsHasNoPair() {
        Map<String, String> properties = twoPairs();
        properties.put("replicator.pairs", "logs");

        assertThat(pairs(properties).pairFor(put("prod-bucket", "images/cat.jpg"))).isNull();
    }

    @Test
    void aKeyUnderTheReplicatorsFormerPrefixIsAUserKeyLikeAnyOther() {
        BucketPairs pairs = pairs(SINGLE_PAIR);

        assertThat(pairs.pairFor(put("prod-bucket", ".s3-dr-replicator/delete-breaker/default.json")).name())
                .isEqualTo("default");
        assertThat(pairs.owner("prod-bucket", ".s3-dr-replicator/notes.txt")).isNotNull();
    }

    @Test
    void aStateBucketThatIsAPairsBucketStopsTheStartNamingTheKey() {
        Map<String, String> properties = twoPairs();
        properties.put("replicator.state.bucket", "dr-logs");

        assertThatThrownBy(() -> pairs(properties)).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("replicator.state.bucket = 'dr-logs' is the DR bucket of pair 'logs'"
                        + " (replicator.pair.logs.target.bucket)");
    }

    @Test
    void misconfiguredPairsFailAtStartWithTheKeyToSet() {
        Map<String, String> properties = new HashMap<>(SINGLE_PAIR);
        properties.put("replicator.pairs", "default,images");
        properties.put("replicator.pair.images.source.bucket", "prod-images");

        assertThatThrownBy(() -> pairs(properties)).hasMessageContaining("replicator.pair.images.target.bucket");
        properties.put("replicator.pairs", "default,default");
        assertThatThrownBy(() -> pairs(properties)).hasMessageContaining("twice");
        properties.put("replicator.pairs", "default");
        properties.put("replicator.delete.mode", "sometimes");
        assertThatThrownBy(() -> pairs(properties)).hasMessageContaining("replicator.delete.mode").hasMessageContaining("one of mirror, retain, delayed");
    }

    @Test
    void reversedPairRunsFromDrBackToProduction() {
        BucketPair reversed = pairs(SINGLE_PAIR).all().get(0).reversed();

        assertThat(reversed.sourceBucket()).isEqualTo("dr-bucket");
        assertThat(reversed.sourceRegion()).isEqualTo("us-east-2");
        assertThat(reversed.targetBucket()).isEqualTo("prod-bucket");
        assertThat(reversed.targetClient()).isEqualTo("s3Client-us-east-1");
        assertThat(reversed.storageClass()).isNull();
    }
}

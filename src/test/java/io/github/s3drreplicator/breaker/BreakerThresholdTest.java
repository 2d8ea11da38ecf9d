package io.github.s3drreplicator.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How many deletes a minute a pair's thresholds allow, with and without DR's count from an audit. */
class BreakerThresholdTest {

    @ParameterizedTest(name = "{0} a minute, {1}% of DR, DR holds {2}: {3}")
    @CsvSource(delimiter = '|', nullValues = "unknown", textBlock = """
            # per minute | percent of DR | DR objects | limit
            1000         | 0             | unknown    | 1000
            1000         | 0             | 200        | 1000
            1000         | 10            | unknown    | 1000
            1000         | 10            | 200        | 20
            1000         | 10            | 100000     | 1000
            0            | 10            | 200        | 20
            0            | 10            | unknown    | 9223372036854775807
            0            | 10            | 3          | 1
            0            | 10            | 0          | 1
            0            | 0             | 200        | 9223372036854775807
            """)
    void theSmallerLimitThatAppliesWins(int perMinute, int percent, Long drObjects, long limit) {
        assertThat(new BreakerThreshold(perMinute, percent).limit(drObjects)).isEqualTo(limit);
    }

    @ParameterizedTest(name = "{0} a minute, {1}% of DR: off {2}")
    @CsvSource({"0, 0, true", "1, 0, false", "0, 1, false"})
    void offOnlyWithNeither(int perMinute, int percent, boolean off) {
        assertThat(new BreakerThreshold(perMinute, percent).off()).isEqualTo(off);
    }

    @ParameterizedTest(name = "{0} a minute, {1}% of DR")
    @CsvSource({"-1, 0", "0, -1", "0, 101"})
    void refusesWhatIsNoThreshold(int perMinute, int percent) {
        assertThatThrownBy(() -> new BreakerThreshold(perMinute, percent))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @org.junit.jupiter.api.Test
    void saysWhichLimitOpenedIt() {
        BreakerThreshold threshold = new BreakerThreshold(1000, 10);
        assertThat(threshold.describe(20, 200L)).contains("10% of the 200 objects DR held at the last audit");
        assertThat(threshold.describe(1000, null)).contains("(replicator.delete.breaker.max-per-minute)");
    }
}

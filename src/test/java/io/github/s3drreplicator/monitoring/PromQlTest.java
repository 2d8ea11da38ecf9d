package io.github.s3drreplicator.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTest {

    @Test
    void selectorsSkipFunctionsAggregationsLabelListsRangesAndNumbers() {
        assertThat(PromQl.selectors("histogram_quantile(0.99, sum by (le) "
                + "(rate(replicator_replication_lag_seconds_bucket[5m]))) > 60"))
                .containsExactly("replicator_replication_lag_seconds_bucket");
        assertThat(PromQl.selectors("max by (pair, kind) (replicator_drift_objects{kind!=\"retained\"}) > 0"))
                .containsExactly("replicator_drift_objects{kind!=\"retained\"}");
    }

    @Test
    void aSelectorRepeatedInAnExpressionCountsOnce() {
        assertThat(PromQl.selectors("sum by (reason) (increase(replicator_events_failed_total[10m])) > 0\nor\n"
                + "(sum by (reason) (replicator_events_failed_total) > 0\n"
                + "  unless sum by (reason) (replicator_events_failed_total offset 10m))"))
                .containsExactly("replicator_events_failed_total");
    }

    @Test
    void matchersKeepTheirBracesAndQuotedRegexesWhole() {
        assertThat(PromQl.selectors("max by (queue_name) (aws_sqs_approximate_number_of_messages_visible_average"
                + "{queue_name=~\"prod-bucket-events|prod-bucket-events-dlq\"})"))
                .containsExactly("aws_sqs_approximate_number_of_messages_visible_average"
                        + "{queue_name=~\"prod-bucket-events|prod-bucket-events-dlq\"}");
        assertThat(PromQl.selectors("count({__name__=~\"replicator_(a|b)_total\"})"))
                .containsExactly("{__name__=~\"replicator_(a|b)_total\"}");
        assertThat(PromQl.metricName("{__name__=~\"x\"}")).isNull();
        assertThat(PromQl.metricName("up{job=\"x\"}")).isEqualTo("up");
    }

    @Test
    void sumsOfOrVectorTermsGiveEachCounter() {
        assertThat(PromQl.selectors("(sum(increase(a_total[30m])) or vector(0)) + (sum(increase(b_total[30m])) "
                + "or vector(0)) == 0")).containsExactly("a_total", "b_total");
    }
}

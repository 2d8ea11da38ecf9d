package io.github.s3drreplicator.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegionCheckTest {

    private static final Map<String, String> REGIONS = Map.of("prod-bucket", "us-east-1", "dr-bucket", "us-east-2");

    @ParameterizedTest(name = "{0} {1} signed for {2}: {3}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            GET    | /dr-bucket?list-type=2    | us-east-2 | -
            GET    | /dr-bucket?list-type=2    | us-east-1 | 400
            HEAD   | /dr-bucket                | us-east-1 | 301
            HEAD   | /dr-bucket/a              | us-east-1 | 301
            GET    | /dr-bucket/a              | us-east-1 | 400
            PUT    | /dr-bucket/a              | us-east-1 | 400
            DELETE | /dr-bucket/a              | us-west-2 | 400
            HEAD   | /prod-bucket/a            | us-east-2 | 301
            HEAD   | /prod-bucket/a            | us-east-1 | -
            GET    | /dr-bucket/a              | -         | -
            GET    | /                         | us-west-2 | -
            GET    | /dr-bucket?location       | us-east-1 | -
            PUT    | /new-bucket               | us-west-2 | -
            GET    | /unknown-bucket/a         | us-east-1 | -
            """)
    void aRequestSignedForAnotherRegionThanItsBucketsIsRefusedAsS3Does(String method, String uri, String signed,
                                                                        String status) {
        Optional<RegionCheck.WrongRegion> verdict = RegionCheck.judge(method, S3Path.parse(uri),
                Optional.ofNullable(signed), bucket -> Optional.ofNullable(REGIONS.get(bucket)));

        assertThat(verdict.map(RegionCheck.WrongRegion::status)).isEqualTo(Optional.ofNullable(status).map(Integer::valueOf));
        verdict.ifPresent(refusal -> assertThat(refusal.message()).isEqualTo("The authorization header is malformed;"
                + " the region '" + signed + "' is wrong; expecting '" + refusal.bucketRegion() + "'"));
    }

    @ParameterizedTest
    @CsvSource({"us-east-2,", "us-east-1,400"})
    void aCopyIsJudgedByItsDestinationWhereverItsSourceIs(String signed, Integer status) {
        // the copy source header is not looked at: prod-bucket is in us-east-1
        Optional<RegionCheck.WrongRegion> verdict = RegionCheck.judge("PUT", S3Path.parse("/dr-bucket/copy"),
                Optional.of(signed), bucket -> Optional.ofNullable(REGIONS.get(bucket)));
        assertThat(verdict.map(RegionCheck.WrongRegion::status)).isEqualTo(Optional.ofNullable(status));
    }
}

package io.github.s3drreplicator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** What a benchmark run measures, as its options say: {@code --only} picks parts, the rest run by default. */
class BenchOptionsTest {

    @Test
    void onlyBackfillRunsThatPartAlone() {
        Benchmark.Options options = Benchmark.Options.parse(List.of("--bench", "--only", "backfill",
                "--backfill-objects", "60"));

        assertThat(Benchmark.Options.PARTS).allSatisfy(part ->
                assertThat(options.runs(part)).as(part).isEqualTo(part.equals("backfill")));
        assertThat(options.backfillObjects()).isEqualTo(60);
    }

    @Test
    void everyPartRunsByDefaultAndQuickRunsAreSmaller() {
        Benchmark.Options full = Benchmark.Options.parse(List.of("--bench"));
        Benchmark.Options quick = Benchmark.Options.parse(List.of("--bench", "--quick"));

        assertThat(Benchmark.Options.PARTS).allSatisfy(part -> assertThat(full.runs(part)).as(part).isTrue());
        assertThat(full.backfillObjects()).isEqualTo(5000);
        assertThat(quick.backfillObjects()).isEqualTo(300);
        assertThat(quick.objects()).isLessThan(full.objects());
    }
}

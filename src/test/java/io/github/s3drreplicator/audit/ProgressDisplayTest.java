package io.github.s3drreplicator.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.github.s3drreplicator.audit.AuditProgress.Snapshot;
import io.github.s3drreplicator.audit.ProgressDisplay.Mode;
import io.github.s3drreplicator.audit.ProgressDisplay.Words;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ProgressDisplayTest {

    private final StringWriter shown = new StringWriter();
    private final AtomicLong clock = new AtomicLong(TimeUnit.HOURS.toNanos(5));
    private final AtomicReference<Snapshot> counts = new AtomicReference<>(new Snapshot(0, 0, 0, 0, 0, 0, false));

    private ProgressDisplay display(Mode mode, boolean repairing) {
        return new ProgressDisplay(new PrintWriter(shown), mode, "pair default", Words.AUDIT, repairing, counts::get,
                clock::get);
    }

    private void after(Duration time, Snapshot now) {
        clock.addAndGet(time.toNanos());
        counts.set(now);
    }

    @Test
    void whileListingTheComparedAreCountedWithTheirRate() {
        assertThat(ProgressDisplay.describe("pair default", Words.AUDIT, false,
                new Snapshot(12_345, 7, 0, 0, 0, 0, false), 2_100.4, 0))
                .isEqualTo("pair default: 12,345 compared (2,100/s), 7 drifted");
    }

    @Test
    void onceListedWhatIsLeftToRepairIsKnownAndSoIsTheTimeLeft() {
        // 21 of 40 ended (20 repaired, 1 failed): 19 left at 4 a second is 4.75 s, said as 5 s
        assertThat(ProgressDisplay.describe("pair default", Words.AUDIT, true,
                new Snapshot(10_000, 40, 40, 20, 0, 1, true), 0, 4))
                .isEqualTo("pair default: 10,000 compared, 40 drifted, 20 of 40 repaired (4.0/s, about 5s left),"
                        + " 1 failed");
    }

    @Test
    void whileListingRepairsHaveARateButNoTimeLeft() {
        assertThat(ProgressDisplay.describe("pair default", Words.RESTORE, true,
                new Snapshot(500, 30, 30, 12, 0, 0, false), 50, 6))
                .isEqualTo("pair default: 500 compared (50/s), 30 to restore, 12 of 30 restored (6.0/s), 0 failed");
    }

    @Test
    void deletesTheBreakerHeldAreSaid() {
        assertThat(ProgressDisplay.describe("pair default", Words.AUDIT, true,
                new Snapshot(100, 10, 10, 4, 6, 0, true), 0, 0))
                .isEqualTo("pair default: 100 compared, 10 drifted, 4 of 10 repaired, 6 held by the delete breaker,"
                        + " 0 failed");
    }

    @ParameterizedTest(name = "{0} left at {1}/s: {2}")
    @CsvSource({
            "19, 4, 5s",
            "100, 100, 1s",
            "1, 1000, 1s",
            "185, 1, 3m 05s",
            "3725, 1, 1h 02m",
            "90000, 0.5, 50h 00m"})
    void timeLeftIsWhatIsLeftOverTheRateToTheSecondAbove(long left, double perSecond, String said) {
        assertThat(ProgressDisplay.duration(ProgressDisplay.timeLeft(left, perSecond))).isEqualTo(said);
    }

    @ParameterizedTest(name = "{0}/s")
    @CsvSource(delimiter = ';', value = {"0; 0.0", "2.46; 2.5", "10; 10", "2100.4; 2,100", "1234567.8; 1,234,568"})
    void ratesBelowTenKeepADecimal(double perSecond, String said) {
        assertThat(ProgressDisplay.rate(perSecond)).isEqualTo(said);
    }

    @Test
    void theRateIsOverTheLastTenSeconds() {
        ProgressDisplay display = display(Mode.LINES, false);
        after(Duration.ofSeconds(10), new Snapshot(1_000, 0, 0, 0, 0, 0, false));
        display.draw();
        // 500 in the last 10 s, not 1500 in 20 s
        after(Duration.ofSeconds(10), new Snapshot(1_500, 0, 0, 0, 0, 0, false));
        display.draw();

        assertThat(shown.toString().lines()).containsExactly(
                "[10s] pair default: 1,000 compared (100/s), 0 drifted",
                "[20s] pair default: 1,500 compared (50/s), 0 drifted");
    }

    @Test
    void workThatEndsBeforeTheFirstDrawShowsNothing() {
        ProgressDisplay display = display(Mode.TERMINAL, true);
        after(Duration.ofMillis(900), new Snapshot(20, 2, 2, 2, 0, 0, true));

        display.close();

        assertThat(shown.toString()).isEmpty();
    }

    @Test
    void onATerminalOneLineIsRewrittenInPlaceAndEndsWithTheFinalCounts() {
        ProgressDisplay display = display(Mode.TERMINAL, true);
        after(Duration.ofSeconds(1), new Snapshot(2_000, 100, 100, 10, 0, 0, false));
        display.draw();
        after(Duration.ofSeconds(1), new Snapshot(4_000, 100, 100, 100, 0, 0, true));
        display.close();
        display.draw();

        String first = "pair default: 2,000 compared (2,000/s), 100 drifted, 10 of 100 repaired (10/s), 0 failed";
        String last = "pair default: 4,000 compared, 100 drifted, 100 of 100 repaired, 0 failed";
        assertThat(shown.toString()).isEqualTo("\r" + first + "\r" + last
                + " ".repeat(first.length() - last.length()) + System.lineSeparator());
    }

    @Test
    void elsewhereAPlainLineIsWrittenEachTimeAndOnceMoreAtTheEnd() {
        ProgressDisplay display = display(Mode.LINES, true);
        after(Duration.ofSeconds(10), new Snapshot(300, 50, 50, 20, 0, 1, false));
        display.draw();
        after(Duration.ofSeconds(5), new Snapshot(400, 60, 60, 59, 0, 1, true));
        display.close();

        assertThat(shown.toString().lines()).containsExactly(
                "[10s] pair default: 300 compared (30/s), 50 drifted, 20 of 50 repaired (2.1/s), 1 failed",
                "[15s] pair default: 400 compared, 60 drifted, 59 of 60 repaired, 1 failed");
    }
}

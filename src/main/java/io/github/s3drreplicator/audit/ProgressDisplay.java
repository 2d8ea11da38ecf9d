package io.github.s3drreplicator.audit;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The progress of an audit, a repair or a restore of one pair, on standard error, drawn by a thread of its own from
 * the counts the work keeps ({@link AuditProgress}), so that the work never waits for it:
 *
 * <ul>
 *   <li>on a terminal, one line rewritten in place twice a second:
 *       {@code pair default: 120,000 compared (2,100/s), 321 drifted, 300 of 321 repaired (45/s, about 1s left), 0 failed};</li>
 *   <li>elsewhere (a pipe, a file, CI logs), the same as a plain line every 10 seconds, after the time taken.</li>
 * </ul>
 *
 * The time left is said once the listings are read, when what is left to repair is known. Rates are over the last
 * 10 seconds. Work that ends before the first line is due shows nothing at all; work that showed something ends
 * with its final counts.
 */
public final class ProgressDisplay implements AutoCloseable {

    /** Where it is drawn, and so how often. */
    public enum Mode {
        /** one line rewritten in place */
        TERMINAL(Duration.ofSeconds(1), Duration.ofMillis(500)),
        /** a line every 10 seconds */
        LINES(Duration.ofSeconds(10), Duration.ofSeconds(10));

        final Duration first;
        final Duration every;

        Mode(Duration first, Duration every) {
            this.first = first;
            this.every = every;
        }

        /** A terminal where there is one (the JVM's console), else lines. */
        static Mode detect() {
            return System.console() != null ? TERMINAL : LINES;
        }
    }

    /** What the work calls what it finds and what it does with it. */
    public record Words(String found, String done) {
        public static final Words AUDIT = new Words("drifted", "repaired");
        public static final Words RESTORE = new Words("to restore", "restored");
        public static final Words QUEUE = new Words("drifted", "queued");
    }

    static final Duration RATE_WINDOW = Duration.ofSeconds(10);

    private final PrintWriter err;
    private final Mode mode;
    private final String label;
    private final Words words;
    private final boolean repairing;
    private final Supplier<AuditProgress.Snapshot> progress;
    private final LongSupplier nanoClock;
    private final long startedAt;
    private final Deque<Sample> window = new ArrayDeque<>();
    private ScheduledExecutorService scheduler;
    private int drawnWidth;
    private boolean shown;
    private boolean closed;

    ProgressDisplay(PrintWriter err, Mode mode, String label, Words words, boolean repairing,
                    Supplier<AuditProgress.Snapshot> progress, LongSupplier nanoClock) {
        this.err = err;
        this.mode = mode;
        this.label = label;
        this.words = words;
        this.repairing = repairing;
        this.progress = progress;
        this.nanoClock = nanoClock;
        this.startedAt = nanoClock.getAsLong();
        window.add(new Sample(startedAt, 0, 0));
    }

    /**
     * Shows the progress on {@code err} until closed, in the mode the JVM's console says.
     *
     * @param label     what is worked on ({@code pair default})
     * @param repairing whether keys are repaired (restored), not only compared
     */
    public static ProgressDisplay start(PrintWriter err, String label, Words words, boolean repairing,
                                        AuditProgress progress) {
        ProgressDisplay display = new ProgressDisplay(err, Mode.detect(), label, words, repairing,
                progress::snapshot, System::nanoTime);
        display.scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "audit-progress");
            thread.setDaemon(true);
            return thread;
        });
        display.scheduler.scheduleAtFixedRate(display::draw, display.mode.first.toMillis(),
                display.mode.every.toMillis(), TimeUnit.MILLISECONDS);
        return display;
    }

    /** Draws the progress as it is now. */
    synchronized void draw() {
        if (closed) {
            return;
        }
        String text = sampleAndDescribe();
        if (mode == Mode.TERMINAL) {
            err.print("\r" + padded(text));
        } else {
            err.println("[" + duration(elapsed()) + "] " + text);
        }
        err.flush();
        shown = true;
    }

    /** Stops drawing; what showed something ends with the final counts (and, on a terminal, a new line). */
    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            if (shown && !closed) {
                String text = sampleAndDescribe();
                if (mode == Mode.TERMINAL) {
                    err.println("\r" + padded(text));
                } else {
                    err.println("[" + duration(elapsed()) + "] " + text);
                }
                err.flush();
            }
            closed = true;
        }
    }

    private String sampleAndDescribe() {
        long now = nanoClock.getAsLong();
        AuditProgress.Snapshot counts = progress.get();
        window.addLast(new Sample(now, counts.compared(), counts.done()));
        // keep the newest sample at least RATE_WINDOW old as the window's start
        while (window.size() > 2 && secondOldest().at() <= now - RATE_WINDOW.toNanos()) {
            window.removeFirst();
        }
        Sample oldest = window.peekFirst();
        double seconds = (now - oldest.at()) / 1e9;
        double comparedRate = seconds <= 0 ? 0 : (counts.compared() - oldest.compared()) / seconds;
        double doneRate = seconds <= 0 ? 0 : (counts.done() - oldest.done()) / seconds;
        return describe(label, words, repairing, counts, comparedRate, doneRate);
    }

    private Sample secondOldest() {
        var samples = window.iterator();
        samples.next();
        return samples.next();
    }

    private Duration elapsed() {
        return Duration.ofNanos(nanoClock.getAsLong() - startedAt);
    }

    /** The text, padded to cover what the previous one drew on the same line. */
    private String padded(String text) {
        String answer = text.length() < drawnWidth ? text + " ".repeat(drawnWidth - text.length()) : text;
        drawnWidth = text.length();
        return answer;
    }

    /**
     * The progress line: what was compared (and, while listing, how fast), what was found, and when repairing, how
     * many of those found were repaired, how fast, how long the rest will take once it is known, and failures.
     */
    static String describe(String label, Words words, boolean repairing, AuditProgress.Snapshot counts,
                           double comparedPerSecond, double donePerSecond) {
        List<String> parts = new ArrayList<>();
        parts.add(count(counts.compared()) + " compared"
                + (counts.listed() ? "" : " (" + rate(comparedPerSecond) + "/s)"));
        parts.add(count(counts.found()) + " " + words.found());
        if (repairing) {
            StringBuilder repaired = new StringBuilder(count(counts.repaired()) + " of " + count(counts.toRepair())
                    + " " + words.done());
            long left = counts.toRepair() - counts.done();
            if (donePerSecond > 0 && left > 0) {
                repaired.append(" (").append(rate(donePerSecond)).append("/s");
                if (counts.listed()) {
                    repaired.append(", about ").append(duration(timeLeft(left, donePerSecond))).append(" left");
                }
                repaired.append(")");
            }
            parts.add(repaired.toString());
            if (counts.held() > 0) {
                parts.add(count(counts.held()) + " held by the delete breaker");
            }
            parts.add(count(counts.failed()) + " failed");
        }
        return label + ": " + String.join(", ", parts);
    }

    /** How long {@code left} more take at {@code perSecond}, to the second above. */
    static Duration timeLeft(long left, double perSecond) {
        return Duration.ofSeconds((long) Math.ceil(left / perSecond));
    }

    static String duration(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh %02dm", seconds / 3600, seconds % 3600 / 60);
    }

    static String rate(double perSecond) {
        return perSecond >= 10 ? String.format(Locale.ROOT, "%,.0f", perSecond)
                : String.format(Locale.ROOT, "%.1f", perSecond);
    }

    private static String count(long count) {
        return String.format(Locale.ROOT, "%,d", count);
    }

    /** The counts that rates are made of, at a moment. */
    private record Sample(long at, long compared, long done) {
    }
}

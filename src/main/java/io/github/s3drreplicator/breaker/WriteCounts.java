package io.github.s3drreplicator.breaker;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What one pair's replicas together took of a budget, kept in the breaker's shared state: every allowance of the last
 * minute exactly, with the millisecond it was granted, and the last hour's in buckets of a minute. Counting the last
 * sixty seconds is then exact, not an estimate: whatever sixty seconds one looks at, the allowances granted within
 * them add up to at most the limit, so the deletes applied within them are at most the limit and the allowance a
 * replica took just before and had not used yet. The hour is counted in whole minute buckets, every bucket that
 * reaches into the last hour counted whole: never less than was granted, at most a minute's worth more.
 *
 * @param minute the allowances granted within the last minute, oldest first
 * @param hour   the allowances granted within the last hour, summed per minute (each bucket at its minute's start)
 */
public record WriteCounts(List<Grant> minute, List<Grant> hour) {

    public static final Duration MINUTE = Duration.ofMinutes(1);
    public static final Duration HOUR = Duration.ofHours(1);
    public static final WriteCounts NONE = new WriteCounts(List.of(), List.of());

    /** {@code count} writes granted at {@code at} (epoch milliseconds; for an hour bucket, the minute's start). */
    public record Grant(long at, long count) {
    }

    public WriteCounts {
        minute = minute == null ? List.of() : List.copyOf(minute);
        hour = hour == null ? List.of() : List.copyOf(hour);
    }

    /** What still counts at {@code now}: grants older than a minute, buckets older than an hour, dropped. */
    public WriteCounts at(Instant now) {
        long nowMillis = now.toEpochMilli();
        List<Grant> keptMinute = minute.stream().filter(g -> inLastMinute(g, nowMillis)).toList();
        List<Grant> keptHour = hour.stream().filter(g -> inLastHour(g, nowMillis)).toList();
        return keptMinute.size() == minute.size() && keptHour.size() == hour.size() ? this
                : new WriteCounts(keptMinute, keptHour);
    }

    /** Writes granted within the sixty seconds up to {@code now}: exactly. */
    public long lastMinute(Instant now) {
        long nowMillis = now.toEpochMilli();
        return minute.stream().filter(g -> inLastMinute(g, nowMillis)).mapToLong(Grant::count).sum();
    }

    /** Writes granted within the hour up to {@code now}, every minute bucket reaching into it counted whole. */
    public long lastHour(Instant now) {
        long nowMillis = now.toEpochMilli();
        return hour.stream().filter(g -> inLastHour(g, nowMillis)).mapToLong(Grant::count).sum();
    }

    /** {@code count} more writes granted at {@code now}. */
    public WriteCounts granted(long count, Instant now) {
        WriteCounts current = at(now);
        long nowMillis = now.toEpochMilli();
        List<Grant> newMinute = new ArrayList<>(current.minute);
        newMinute.add(new Grant(nowMillis, count));
        long bucket = nowMillis - Math.floorMod(nowMillis, MINUTE.toMillis());
        List<Grant> newHour = new ArrayList<>();
        boolean added = false;
        for (Grant g : current.hour) {
            if (g.at() == bucket) {
                newHour.add(new Grant(bucket, g.count() + count));
                added = true;
            } else {
                newHour.add(g);
            }
        }
        if (!added) {
            newHour.add(new Grant(bucket, count));
            newHour.sort(java.util.Comparator.comparingLong(Grant::at));
        }
        return new WriteCounts(newMinute, newHour);
    }

    /**
     * A grant at {@code at} counts for sixty seconds after it. One that another replica, whose clock is ahead, dated
     * after {@code now} counts too: a clock behind never counts less.
     */
    private static boolean inLastMinute(Grant g, long nowMillis) {
        return g.at() > nowMillis - MINUTE.toMillis();
    }

    /** A bucket counts while any of its minute is within the last hour. */
    private static boolean inLastHour(Grant g, long nowMillis) {
        return g.at() + MINUTE.toMillis() > nowMillis - HOUR.toMillis();
    }
}

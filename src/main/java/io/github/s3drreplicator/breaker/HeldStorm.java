package io.github.s3drreplicator.breaker;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One storm that holds writes of a pair, as {@code breaker status} lists it: what the held-deletes queue holds of it
 * (read message by message), with what the breaker's state says of it (whether the breaker is open for it, and the
 * operator's decision on it). A storm the state lists but the queue has nothing of is listed too, with nothing held:
 * its decision has not gone through to the end yet (or its writes are hidden on the queue, taken by a release).
 *
 * @param id        the storm
 * @param kind      what opened it ({@value BreakerState#DELETE}; {@value BreakerState#EVERY_KIND} for a lost state)
 * @param held      the held writes the queue holds, per kind
 * @param oldest    since when the oldest of them waits (the storm's opening where none was read)
 * @param open      whether the breaker is open for it now
 * @param decision  {@value BreakerState#RESUME} or {@value BreakerState#DISCARD} once decided, else {@code null}
 * @param decidedAt when it was decided, or {@code null}
 */
public record HeldStorm(String id, String kind, Map<String, Long> held, Instant oldest, boolean open,
                        String decision, Instant decidedAt) {

    public HeldStorm {
        held = Map.copyOf(held);
    }

    /** The held writes of every kind. */
    public long count() {
        return held.values().stream().mapToLong(Long::longValue).sum();
    }

    /** How long its oldest held write has waited. */
    public Duration age(Instant now) {
        Duration age = Duration.between(oldest, now);
        return age.isNegative() ? Duration.ZERO : age;
    }

    /**
     * The storms of {@code pair}, oldest first: each one the queue holds writes of, and each one the state lists
     * (with what the state says of it).
     */
    public static List<HeldStorm> of(String pair, List<HeldDeletes.QueuedStorm> queued, BreakerState state) {
        Map<String, HeldStorm> storms = new LinkedHashMap<>();
        for (HeldDeletes.QueuedStorm q : queued) {
            if (!pair.equals(q.pair()) || q.storm() == null) {
                continue;
            }
            HeldStorm known = storms.get(q.storm());
            Map<String, Long> held = new TreeMap<>(known == null ? Map.of() : known.held());
            held.merge(q.kind(), q.count(), Long::sum);
            Instant oldest = known == null || q.oldest().isBefore(known.oldest()) ? q.oldest() : known.oldest();
            storms.put(q.storm(), new HeldStorm(q.storm(), known == null ? q.kind() : known.kind(), held, oldest,
                    false, null, null));
        }
        List<BreakerState.Storm> listed = new ArrayList<>(state.storms());
        if (state.open() && state.stormNamed(state.storm()).isEmpty()) {
            // opened by a version that kept no list of storms
            listed.add(new BreakerState.Storm(state.storm(), state.kind() == null ? BreakerState.DELETE
                    : state.kind(), state.openedAt(), null, null));
        }
        for (BreakerState.Storm s : listed) {
            HeldStorm onQueue = storms.get(s.id());
            Instant opened = Instant.parse(s.openedAt());
            storms.put(s.id(), new HeldStorm(s.id(), s.kind(), onQueue == null ? Map.of() : onQueue.held(),
                    onQueue == null || opened.isBefore(onQueue.oldest()) ? opened : onQueue.oldest(),
                    state.open() && s.id().equals(state.storm()), s.decision(),
                    s.decidedAt() == null ? null : Instant.parse(s.decidedAt())));
        }
        if (state.open() && storms.containsKey(state.storm())) {
            HeldStorm current = storms.get(state.storm());
            storms.put(current.id(), new HeldStorm(current.id(), current.kind(), current.held(), current.oldest(),
                    true, current.decision(), current.decidedAt()));
        }
        return storms.values().stream().sorted(Comparator.comparing(HeldStorm::oldest)).toList();
    }
}

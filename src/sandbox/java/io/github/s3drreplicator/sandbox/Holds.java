package io.github.s3drreplicator.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The holds in effect, in the order they were made; ids are numbers, counted from 1 per sandbox. */
final class Holds {

    private static final Logger LOG = LoggerFactory.getLogger(Holds.class);

    // guarded by itself
    private final Map<String, Hold> holds = new LinkedHashMap<>();
    private long lastId;
    // read without the lock by every request: nothing to look at is the usual case
    private volatile boolean any;

    Hold add(HoldRule rule) {
        Hold hold;
        synchronized (holds) {
            String id = Long.toString(++lastId);
            hold = new Hold(id, rule);
            holds.put(id, hold);
            any = true;
        }
        LOG.info("Hold {}: {}", hold.id(), rule);
        return hold;
    }

    List<Hold> list() {
        synchronized (holds) {
            return List.copyOf(holds.values());
        }
    }

    Optional<Hold> get(String id) {
        synchronized (holds) {
            return Optional.ofNullable(holds.get(id));
        }
    }

    /** Whether any hold was made (and not forgotten): without one, requests need not be looked at. */
    boolean any() {
        return any;
    }

    /** Releases every hold and forgets them. */
    void releaseAll() {
        List<Hold> all;
        synchronized (holds) {
            all = List.copyOf(holds.values());
            holds.clear();
            any = false;
        }
        all.forEach(Hold::release);
    }

    /** The holds that take this request, in the order they were made; every hold it matches counts it. */
    List<Hold> taking(RequestTarget request) {
        if (!any) {
            return List.of();
        }
        List<Hold> taking = new ArrayList<>(1);
        for (Hold hold : list()) {
            if (hold.takes(request)) {
                taking.add(hold);
            }
        }
        return taking;
    }
}

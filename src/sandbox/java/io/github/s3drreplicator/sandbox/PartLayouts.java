package io.github.s3drreplicator.sandbox;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The part layout of every object uploaded in parts through the sandbox, which its S3 server does not keep: the
 * sizes of each upload's parts as they arrive, then, once an upload completes, the layout of the object (of that
 * version, in a versioned bucket). A layout is forgotten when its object is overwritten or deleted.
 */
final class PartLayouts {

    // upload id: part number: size (UploadedPart.UNKNOWN if the request did not say)
    private final Map<String, Map<Integer, Long>> uploads = new ConcurrentHashMap<>();
    private final Map<VersionRef, PartLayout> layouts = new ConcurrentHashMap<>();

    /** A part arrived; a part sent again under the same number replaces the earlier one, as in S3. */
    void partUploaded(UploadedPart part) {
        uploads.computeIfAbsent(part.uploadId(), id -> new ConcurrentHashMap<>()).put(part.number(), part.size());
    }

    /** Of these part numbers (a completion's), those whose size the sandbox does not know. */
    Set<Integer> unknownSizes(String uploadId, List<Integer> numbers) {
        Map<Integer, Long> sizes = uploads.getOrDefault(uploadId, Map.of());
        Set<Integer> unknown = new TreeSet<>();
        for (int number : numbers) {
            Long size = sizes.get(number);
            if (size == null || size == UploadedPart.UNKNOWN) {
                unknown.add(number);
            }
        }
        return unknown;
    }

    /**
     * The upload completed as this version, made of these parts in this order.
     *
     * @param asked sizes learnt otherwise (from the store) for parts whose size the requests did not say
     * @throws IllegalArgumentException if a part's size is still unknown
     */
    void completed(String uploadId, VersionRef version, List<Integer> numbers, Map<Integer, Long> asked) {
        Map<Integer, Long> sizes = new HashMap<>(uploads.getOrDefault(uploadId, Map.of()));
        sizes.putAll(asked);
        uploads.remove(uploadId);
        layouts.put(version, PartLayout.of(numbers, sizes));
    }

    void aborted(String uploadId) {
        uploads.remove(uploadId);
    }

    Optional<PartLayout> of(VersionRef version) {
        return Optional.ofNullable(layouts.get(version));
    }

    /** This version is gone or was overwritten (in a bucket that is not versioned, the one version there is). */
    void forget(VersionRef version) {
        layouts.remove(version);
    }

    /** How many uploads are under way (for tests). */
    int uploadsUnderWay() {
        return uploads.size();
    }
}

package io.github.s3drreplicator.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;

import io.github.s3drreplicator.audit.AsOfReport.Change;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;

/** What a restore to an instant tells from the listings alone, and how far back DR's lifecycle rule lets it go. */
class RestoreAsOfTest {

    private static final Instant THEN = Instant.parse("2026-12-06T09:00:00Z");

    private static VersionAtInstant.Entry version(String eTag, long size) {
        return VersionAtInstant.Entry.version("v-" + eTag, eTag, size, THEN, false);
    }

    private static ListedObject object(String eTag, long size) {
        return new ListedObject("k", size, eTag, THEN.plusSeconds(3600));
    }

    @Test
    void theListingsTellWhatChangedWhereSizesOrETagsSaySo() {
        assertThat(RestoreAsOf.byListings(version("e1", 10), null)).isEqualTo(Change.DELETED);
        assertThat(RestoreAsOf.byListings(null, object("e9", 10))).isEqualTo(Change.CREATED);
        assertThat(RestoreAsOf.byListings(version("e1", 10), object("e9", 12))).isEqualTo(Change.OVERWRITTEN);
        assertThat(RestoreAsOf.byListings(version("e1", 10), object("e1", 10))).isEqualTo(Change.UNCHANGED);
        assertThat(RestoreAsOf.byListings(version("e1", 10), object("e9", 10))).as("the objects decide").isNull();
    }

    @Test
    void theRecoveryWindowIsTheShortestNoncurrentExpirationOfTheEnabledRules() {
        LifecycleRule abort = LifecycleRule.builder().id("abort").status(ExpirationStatus.ENABLED)
                .abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(1)).build();
        LifecycleRule thirty = LifecycleRule.builder().id("versions").status(ExpirationStatus.ENABLED)
                .noncurrentVersionExpiration(n -> n.noncurrentDays(30)).build();
        LifecycleRule sevenButOff = LifecycleRule.builder().id("off").status(ExpirationStatus.DISABLED)
                .noncurrentVersionExpiration(n -> n.noncurrentDays(7)).build();

        assertThat(RestoreAsOf.shortestNoncurrentDays(List.of(abort, thirty, sevenButOff))).hasValue(30);
        assertThat(RestoreAsOf.shortestNoncurrentDays(List.of(abort))).isEqualTo(OptionalInt.empty());
    }
}
